//! Form fields: what the properties panel shows for a setting and which
//! picker feeds it. Each kind lists its own (`ComponentKind::FIELDS`).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Text,
    /// A whole number in a range.
    Integer { min: u32, max: u32 },
    /// A non-negative decimal amount.
    Amount,
    Bool,
    Choice(&'static [&'static str]),
    /// EC2 instance types offered in the region (from the catalog).
    InstanceType,
    /// RDS instance classes of the component's engine in the region.
    RdsClass,
    /// ElastiCache node types of the component's engine in the region.
    CacheNodeType,
    /// Structured settings (lists, maps) edited as JSON.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub input: Input,
    /// May be left out (the model's default applies).
    pub optional: bool,
}

pub(crate) const fn field(key: &'static str, label: &'static str, input: Input) -> Field {
    Field { key, label, input, optional: false }
}

pub(crate) const fn optional(key: &'static str, label: &'static str, input: Input) -> Field {
    Field { key, label, input, optional: true }
}

pub(crate) const COUNT: Input = Input::Integer { min: 0, max: 10_000 };
