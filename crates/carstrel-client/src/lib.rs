//! A typed async SDK for the CarStrel API (in progress).
