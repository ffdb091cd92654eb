//! The picture itself: a body type's side silhouette in the car's colour on a backdrop
//! tinted by the photo's category, lettered with the car's name and the category.
//! Everything is a pure function of its inputs, so the same vehicle always gives the
//! same bytes (clients and the console's cache rely on that).

use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Rect, Transform};

pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 533;

/// What a photo shows.
#[derive(Debug, Clone)]
pub struct Subject {
    pub name: String,
    /// A `body_types.code`, e.g. `SEDAN`; unknown codes draw a sedan.
    pub body_code: Option<String>,
    /// The colour's name as listed (`Ruby Red`); unknown names get a grey of their own.
    pub colour: Option<String>,
    /// `exterior`, `interior`, `engine`, `other`.
    pub category: String,
}

/// The photo as PNG bytes.
pub fn png(subject: &Subject) -> Vec<u8> {
    let mut canvas = Pixmap::new(WIDTH, HEIGHT).expect("a non-empty canvas");
    canvas.fill(backdrop(&subject.category));
    ground(&mut canvas);
    let shape = shape(subject.body_code.as_deref().unwrap_or("SEDAN"));
    car(&mut canvas, &shape, paint_colour(subject.colour.as_deref()));
    let ink = Color::from_rgba8(33, 37, 41, 255);
    lettering(&mut canvas, &subject.name, 28.0, ink);
    lettering(&mut canvas, &title_case(&subject.category), 478.0, ink);
    encode(&canvas)
}

fn backdrop(category: &str) -> Color {
    match category {
        "interior" => Color::from_rgba8(238, 228, 214, 255),
        "engine" => Color::from_rgba8(222, 226, 230, 255),
        "other" => Color::from_rgba8(230, 236, 226, 255),
        _ => Color::from_rgba8(214, 232, 245, 255),
    }
}

fn ground(canvas: &mut Pixmap) {
    let rect = Rect::from_xywh(0.0, GROUND_Y, WIDTH as f32, HEIGHT as f32 - GROUND_Y)
        .expect("a valid rectangle");
    canvas.fill_rect(
        rect,
        &solid(Color::from_rgba8(173, 181, 189, 255)),
        Transform::identity(),
        None,
    );
}

/// Where the wheels stand, in pixels.
const GROUND_Y: f32 = 440.0;
/// Car units (0..100 along, height above ground) to pixels.
const X0: f32 = 100.0;
const SX: f32 = 6.0;
const SY: f32 = 4.6;

fn at(x: f32, h: f32) -> (f32, f32) {
    (X0 + x * SX, GROUND_Y - h * SY)
}

/// A side profile: the body's top edge from the rear bumper to the front one (the bottom
/// edge runs straight at the sill), and the glasshouse.
struct Shape {
    top: &'static [(f32, f32)],
    windows: &'static [(f32, f32)],
}

fn shape(code: &str) -> Shape {
    match code {
        "SUV" | "CROSSOVER" => Shape {
            top: &[
                (0.0, 40.0),
                (2.0, 68.0),
                (12.0, 72.0),
                (58.0, 72.0),
                (74.0, 46.0),
                (98.0, 40.0),
                (100.0, 26.0),
            ],
            windows: &[(6.0, 48.0), (10.0, 67.0), (57.0, 67.0), (70.0, 48.0)],
        },
        "HATCHBACK" => Shape {
            top: &[
                (0.0, 30.0),
                (4.0, 58.0),
                (16.0, 62.0),
                (54.0, 62.0),
                (70.0, 40.0),
                (98.0, 34.0),
                (100.0, 22.0),
            ],
            windows: &[(8.0, 42.0), (15.0, 57.0), (53.0, 57.0), (66.0, 42.0)],
        },
        "COUPE" | "SPORTS" => Shape {
            top: &[
                (0.0, 30.0),
                (8.0, 36.0),
                (30.0, 52.0),
                (56.0, 52.0),
                (70.0, 34.0),
                (98.0, 28.0),
                (100.0, 20.0),
            ],
            windows: &[(16.0, 37.0), (31.0, 48.0), (55.0, 48.0), (66.0, 36.0)],
        },
        "CONVERTIBLE" => Shape {
            top: &[
                (0.0, 30.0),
                (8.0, 36.0),
                (60.0, 36.0),
                (64.0, 50.0),
                (66.0, 50.0),
                (70.0, 34.0),
                (98.0, 28.0),
                (100.0, 20.0),
            ],
            windows: &[],
        },
        "WAGON" => Shape {
            top: &[
                (0.0, 32.0),
                (2.0, 58.0),
                (10.0, 62.0),
                (54.0, 62.0),
                (70.0, 40.0),
                (98.0, 34.0),
                (100.0, 22.0),
            ],
            windows: &[(5.0, 42.0), (9.0, 57.0), (53.0, 57.0), (66.0, 42.0)],
        },
        "PICKUP" => Shape {
            top: &[
                (0.0, 44.0),
                (40.0, 44.0),
                (42.0, 70.0),
                (62.0, 70.0),
                (72.0, 48.0),
                (98.0, 44.0),
                (100.0, 28.0),
            ],
            windows: &[(45.0, 50.0), (45.0, 65.0), (61.0, 65.0), (68.0, 50.0)],
        },
        "MINIVAN" | "VAN" => Shape {
            top: &[
                (0.0, 34.0),
                (1.0, 76.0),
                (6.0, 80.0),
                (70.0, 80.0),
                (84.0, 50.0),
                (98.0, 44.0),
                (100.0, 26.0),
            ],
            windows: &[(4.0, 52.0), (6.0, 74.0), (69.0, 74.0), (80.0, 52.0)],
        },
        _ => Shape {
            top: &[
                (0.0, 32.0),
                (14.0, 38.0),
                (28.0, 58.0),
                (58.0, 58.0),
                (72.0, 38.0),
                (98.0, 32.0),
                (100.0, 22.0),
            ],
            windows: &[(18.0, 39.0), (29.0, 54.0), (57.0, 54.0), (68.0, 39.0)],
        },
    }
}

fn car(canvas: &mut Pixmap, shape: &Shape, colour: Color) {
    let sill = 10.0;
    let mut body = PathBuilder::new();
    let (x, y) = at(0.0, sill);
    body.move_to(x, y);
    for &(px, ph) in shape.top {
        let (x, y) = at(px, ph);
        body.line_to(x, y);
    }
    let (x, y) = at(100.0, sill);
    body.line_to(x, y);
    body.close();
    fill_path(canvas, body, colour);
    if shape.windows.len() > 2 {
        let mut glass = PathBuilder::new();
        for (i, &(px, ph)) in shape.windows.iter().enumerate() {
            let (x, y) = at(px, ph);
            if i == 0 {
                glass.move_to(x, y);
            } else {
                glass.line_to(x, y);
            }
        }
        glass.close();
        fill_path(canvas, glass, Color::from_rgba8(52, 73, 94, 230));
    }
    for wheel_x in [20.0, 80.0] {
        let (x, y) = at(wheel_x, 11.0);
        circle(canvas, x, y, 11.0 * SY, Color::from_rgba8(33, 37, 41, 255));
        circle(
            canvas,
            x,
            y,
            5.5 * SY,
            Color::from_rgba8(173, 181, 189, 255),
        );
    }
}

fn circle(canvas: &mut Pixmap, x: f32, y: f32, radius: f32, colour: Color) {
    if let Some(path) = PathBuilder::from_circle(x, y, radius) {
        canvas.fill_path(
            &path,
            &solid(colour),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
}

fn fill_path(canvas: &mut Pixmap, builder: PathBuilder, colour: Color) {
    if let Some(path) = builder.finish() {
        canvas.fill_path(
            &path,
            &solid(colour),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
    }
}

fn solid(colour: Color) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(colour);
    paint.anti_alias = true;
    paint
}

/// The demo's colour names, as paint; any other name a stable grey-ish tone of its own.
fn paint_colour(name: Option<&str>) -> Color {
    let (r, g, b) = match name.unwrap_or("").to_ascii_lowercase().as_str() {
        "pearl white" => (240, 240, 236),
        "jet black" => (28, 28, 30),
        "silver metallic" => (192, 197, 202),
        "graphite grey" => (88, 92, 98),
        "midnight blue" => (25, 42, 86),
        "ruby red" => (155, 17, 30),
        "forest green" => (34, 87, 52),
        "champagne gold" => (212, 187, 134),
        "ocean blue" => (0, 105, 148),
        "sunset orange" => (235, 110, 40),
        other => {
            let hash = other.bytes().fold(2166136261u32, |h, b| {
                (h ^ u32::from(b)).wrapping_mul(16777619)
            });
            let base = 90 + (hash % 100) as u8;
            (base, base.saturating_add((hash >> 8) as u8 % 20), base)
        }
    };
    Color::from_rgba8(r, g, b, 255)
}

fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One line of text, centred, in the 8×8 bitmap font scaled to fit the width.
fn lettering(canvas: &mut Pixmap, text: &str, top: f32, colour: Color) {
    let margin = 20.0;
    let room = WIDTH as f32 - 2.0 * margin;
    let mut chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_ascii() { c } else { '?' })
        .collect();
    let scale = if chars.len() as f32 * 24.0 <= room {
        3.0
    } else {
        2.0
    };
    let cell = 8.0 * scale;
    let fits = (room / cell) as usize;
    if chars.len() > fits {
        chars.truncate(fits.saturating_sub(3));
        chars.extend("...".chars());
    }
    let left = (WIDTH as f32 - chars.len() as f32 * cell) / 2.0;
    let paint = solid(colour);
    for (i, c) in chars.iter().enumerate() {
        let glyph = font8x8::legacy::BASIC_LEGACY[*c as usize];
        for (row, bits) in glyph.iter().enumerate() {
            for col in 0..8 {
                if bits & (1 << col) == 0 {
                    continue;
                }
                let x = left + i as f32 * cell + col as f32 * scale;
                let y = top + row as f32 * scale;
                if let Some(rect) = Rect::from_xywh(x, y, scale, scale) {
                    canvas.fill_rect(rect, &paint, Transform::identity(), None);
                }
            }
        }
    }
}

/// PNG, straight from the canvas (opaque, so its premultiplied pixels are the plain ones).
fn encode(canvas: &Pixmap) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 * 1024);
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("PNG headers write to memory");
    writer
        .write_image_data(canvas.data())
        .expect("PNG data writes to memory");
    writer.finish().expect("PNG finishes in memory");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject(body: &str, category: &str) -> Subject {
        Subject {
            name: "2024 Toyota Corolla LE".into(),
            body_code: Some(body.into()),
            colour: Some("Ruby Red".into()),
            category: category.into(),
        }
    }

    #[test]
    fn every_body_type_draws_a_distinct_picture() {
        let codes = [
            "SEDAN",
            "SUV",
            "HATCHBACK",
            "COUPE",
            "CONVERTIBLE",
            "WAGON",
            "PICKUP",
            "MINIVAN",
        ];
        let pictures: std::collections::HashSet<Vec<u8>> =
            codes.iter().map(|c| png(&subject(c, "exterior"))).collect();
        assert_eq!(pictures.len(), codes.len());
        assert_ne!(
            png(&subject("SEDAN", "exterior")),
            png(&subject("SEDAN", "interior"))
        );
    }

    #[test]
    fn a_long_name_or_foreign_letters_still_draw() {
        let mut long = subject("VAN", "engine");
        long.name = "Ünïcode ".repeat(20);
        long.colour = Some("Mystery Teal".into());
        assert!(png(&long).starts_with(b"\x89PNG"));
    }
}
