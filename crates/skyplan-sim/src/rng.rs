//! A small seeded generator, the same on every target: SplitMix64 expands a
//! seed, xoshiro256** draws (Blackman & Vigna, <https://prng.di.unimi.it/>).
//! Only integer arithmetic and exact conversions, so native and wasm32 draw
//! bit-identical sequences.

#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

/// One SplitMix64 step: also used to derive independent seeds (trial i of a
/// Monte Carlo run is `mix(seed ^ i)`).
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut z = seed;
        let mut s = [0u64; 4];
        for word in &mut s {
            z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
            *word = mix(z.wrapping_sub(0x9E37_79B9_7F4A_7C15));
        }
        if s == [0; 4] {
            s[0] = 1;
        }
        Rng { s }
    }

    /// A child generator for an independent stream (a group, a spike list).
    pub fn fork(&mut self, stream: u64) -> Rng {
        Rng::new(self.next_u64() ^ mix(stream))
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1), 53 bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in 0..n (n > 0), by Lemire's multiply-shift (bias < n / 2^64).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A draw of unit variance and mean 0 from the triangular distribution on
    /// [-√6, √6]: two uniforms, no transcendental function.
    pub fn triangular(&mut self) -> f64 {
        (self.next_f64() + self.next_f64() - 1.0) * SQRT_6
    }

    /// An exponential draw of mean 1, with libm's `log` (bit-identical everywhere).
    pub fn exponential(&mut self) -> f64 {
        -libm::log(1.0 - self.next_f64())
    }
}

const SQRT_6: f64 = 2.449_489_742_783_178;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_uniform_range() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        let mut c = Rng::new(43);
        let xs: Vec<u64> = (0..100).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..100).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs[0], c.next_u64());
        let mut r = Rng::new(7);
        let mean = (0..10_000).map(|_| r.next_f64()).inspect(|x| assert!((0.0..1.0).contains(x))).sum::<f64>() / 10_000.0;
        assert!((mean - 0.5).abs() < 0.02, "{mean}");
        let var = (0..20_000).map(|_| r.triangular().powi(2)).sum::<f64>() / 20_000.0;
        assert!((var - 1.0).abs() < 0.05, "{var}");
    }
}
