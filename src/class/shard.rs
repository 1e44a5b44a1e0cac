//! `--shard K/N`: many machines share one class, each grading one equal slice of the sorted
//! work list.

use std::str::FromStr;

/// `--shard K/N`: the K-th of N equal slices of the sorted work list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shard {
    /// Which slice, from 1.
    pub index: usize,
    /// How many slices.
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (k, n) = s.split_once('/').ok_or("a shard is written K/N, e.g. 2/5")?;
        let index: usize = k.trim().parse().map_err(|_| format!("`{k}` is not a shard number"))?;
        let count: usize = n.trim().parse().map_err(|_| format!("`{n}` is not a shard count"))?;
        if count == 0 || index == 0 || index > count {
            return Err(format!(
                "shard {index}/{count} does not exist: use 1/{count} to {count}/{count}",
                count = count.max(1)
            ));
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// The range of a list of `len` items that this shard grades.
    pub fn range(self, len: usize) -> std::ops::Range<usize> {
        (len * (self.index - 1) / self.count)..(len * self.index / self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_the_list_into_equal_slices_that_cover_it() {
        let shards: Vec<Shard> = ["1/3", "2/3", "3/3"].iter().map(|s| s.parse().unwrap()).collect();
        let ranges: Vec<_> = shards.iter().map(|s| s.range(10)).collect();
        assert_eq!(ranges, [0..3, 3..6, 6..10]);
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
        assert_eq!(shards[1].to_string(), "2/3");
    }
}
