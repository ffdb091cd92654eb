//! Keeping the best ranks of a scan: the rows of a page, out of many candidates.

use std::collections::BinaryHeap;

/// The `wanted` smallest ranks offered, kept in a max-heap while few; past that, all
/// are collected and the smallest selected at the end.
pub(super) struct Best {
    wanted: usize,
    heap: BinaryHeap<(u32, u32)>,
    all: Vec<(u32, u32)>,
}

/// Past this many wanted rows (a deep page), selecting at the end beats a heap.
const HEAP_LIMIT: usize = 2048;

impl Best {
    pub(super) fn new(wanted: usize) -> Best {
        Best {
            wanted,
            heap: BinaryHeap::with_capacity(wanted.min(HEAP_LIMIT) + 1),
            all: Vec::new(),
        }
    }

    pub(super) fn offer(&mut self, rank: u32, row: u32) {
        if self.wanted == 0 {
            return;
        }
        if self.wanted > HEAP_LIMIT {
            self.all.push((rank, row));
        } else if self.heap.len() < self.wanted {
            self.heap.push((rank, row));
        } else if self.heap.peek().is_some_and(|top| rank < top.0) {
            self.heap.pop();
            self.heap.push((rank, row));
        }
    }

    /// The rows kept, best first.
    pub(super) fn into_sorted(self) -> Vec<u32> {
        let mut kept = if self.wanted > HEAP_LIMIT {
            let mut all = self.all;
            if all.len() > self.wanted {
                all.select_nth_unstable(self.wanted - 1);
                all.truncate(self.wanted);
            }
            all
        } else {
            self.heap.into_vec()
        };
        kept.sort_unstable();
        kept.into_iter().map(|(_, row)| row).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_keeps_the_smallest_ranks_in_order() {
        for wanted in [0, 3, HEAP_LIMIT + 5] {
            let mut best = Best::new(wanted);
            let ranks: Vec<u32> = (0..5000u32).map(|i| (i * 7919) % 5000).collect();
            for (row, rank) in ranks.iter().enumerate() {
                best.offer(*rank, row as u32);
            }
            let kept: Vec<u32> = best
                .into_sorted()
                .iter()
                .map(|row| ranks[*row as usize])
                .collect();
            assert_eq!(kept, (0..wanted as u32).collect::<Vec<_>>());
        }
    }
}
