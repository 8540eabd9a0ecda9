//! Addresses name resources; references point at an attribute of another
//! resource that only exists once that resource does (an id, an ARN).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The stable name of one resource in a graph:
/// `<component id>.<resource type>.<label>` or, for one of several of a
/// kind, `<component id>.<resource type>.<label>["<key>"]`, e.g.
/// `web.aws_autoscaling_group.this` or `network.aws_subnet.private["us-east-1a"]`.
///
/// Addresses depend only on the plan (component ids, AZ names, node group
/// names, purposes), never on the order things were built in, so the same
/// plan always gives the same addresses and an edited plan keeps the
/// addresses of what it did not change. They follow Terraform's
/// `<type>.<name>[<key>]` shape, with the component id in place of
/// `module.<name>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Address(String);

/// Why a text is not an address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{text}\" is not a resource address ({reason}); expected <component>.<type>.<label> or <component>.<type>.<label>[\"<key>\"]")]
pub struct AddressError {
    pub text: String,
    pub reason: &'static str,
}

impl Address {
    /// `<component>.<resource_type>.<label>`.
    pub fn new(component: &str, resource_type: &str, label: &str) -> Address {
        Address(format!("{component}.{resource_type}.{label}"))
    }

    /// `<component>.<resource_type>.<label>["<key>"]`.
    pub fn keyed(component: &str, resource_type: &str, label: &str, key: &str) -> Address {
        Address(format!("{component}.{resource_type}.{label}[\"{key}\"]"))
    }

    pub fn parse(text: &str) -> Result<Address, AddressError> {
        let fail = |reason| {
            Err(AddressError {
                text: text.to_string(),
                reason,
            })
        };
        let (head, key) = match text.find('[') {
            Some(at) => {
                let rest = &text[at..];
                let Some(inner) = rest.strip_prefix("[\"").and_then(|r| r.strip_suffix("\"]")) else {
                    return fail("a key is written [\"key\"] at the end");
                };
                if inner.is_empty() || !inner.chars().all(is_tag_safe) {
                    return fail("a key is letters, digits and _ . : / = + - @");
                }
                (&text[..at], Some(inner))
            }
            None => (text, None),
        };
        let parts: Vec<&str> = head.split('.').collect();
        if parts.len() != 3 {
            return fail("three dot-separated parts before the key");
        }
        let word = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if !parts.iter().all(|p| word(p)) {
            return fail("parts are lowercase letters, digits, '_' and '-'");
        }
        let _ = key;
        Ok(Address(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The address as a tag value (`skyplan:address`): AWS tag values allow
    /// only letters, digits, spaces and `_ . : / = + - @`
    /// (<https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html>),
    /// so `["<key>"]` is written `/<key>`:
    /// `network.aws_subnet.private/us-east-1a`. One-to-one, since only a key
    /// may hold a `/`.
    pub fn tag_value(&self) -> String {
        match self.0.find("[\"") {
            Some(at) => format!("{}/{}", &self.0[..at], self.key().unwrap_or_default()),
            None => self.0.clone(),
        }
    }

    /// The address a [`Address::tag_value`] was made from.
    pub fn from_tag_value(value: &str) -> Result<Address, AddressError> {
        match value.split_once('/') {
            Some((head, key)) => Address::parse(&format!("{head}[\"{key}\"]")),
            None => Address::parse(value),
        }
    }

    /// The component id the resource belongs to.
    pub fn component(&self) -> &str {
        self.0.split('.').next().unwrap_or_default()
    }

    /// The resource type, e.g. `aws_subnet`.
    pub fn resource_type(&self) -> &str {
        self.0.split('.').nth(1).unwrap_or_default()
    }

    /// The key of one of several, e.g. `us-east-1a`.
    pub fn key(&self) -> Option<&str> {
        let at = self.0.find("[\"")?;
        self.0[at + 2..].strip_suffix("\"]")
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Address {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Address {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Address::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// An attribute of a resource that AWS assigns when it creates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribute {
    /// The resource's id (vpc-…, subnet-…, sg-…, lt-…, a key id, a bucket name).
    Id,
    Arn,
    /// The name AWS knows it by (role name, group name, cluster name).
    Name,
    /// The last part of a load balancer's or target group's ARN
    /// (`app/<name>/<id>`, `targetgroup/<name>/<id>`), as CloudWatch and
    /// `ALBRequestCountPerTarget` want it.
    ArnSuffix,
    DnsName,
    /// The managed prefix list of a gateway VPC endpoint (`pl-…`).
    PrefixListId,
    /// The security group EKS creates for a cluster.
    ClusterSecurityGroupId,
    /// The Auto Scaling group a managed node group runs on.
    AutoscalingGroupName,
    /// The first (sorted) member cache cluster of a replication group, as
    /// ElastiCache's CloudWatch dimension `CacheClusterId` wants it.
    FirstMemberClusterId,
    /// An S3 bucket's `<bucket>.s3.<region>.amazonaws.com`.
    BucketRegionalDomainName,
    /// The current value of a Secrets Manager secret.
    SecretString,
}

/// A reference to an attribute of another resource of the graph, resolved
/// by the engine at apply time. Every reference is also a dependency.
/// Written `{"ref": "<address>", "attribute": "<attribute>"}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ref {
    #[serde(rename = "ref")]
    pub address: Address,
    pub attribute: Attribute,
}

impl Ref {
    pub fn new(address: &Address, attribute: Attribute) -> Ref {
        Ref {
            address: address.clone(),
            attribute,
        }
    }
    pub fn id(address: &Address) -> Ref {
        Ref::new(address, Attribute::Id)
    }
    pub fn arn(address: &Address) -> Ref {
        Ref::new(address, Attribute::Arn)
    }
    pub fn name(address: &Address) -> Ref {
        Ref::new(address, Attribute::Name)
    }
}

/// What a key may hold: what AWS allows in tag values, less the space.
fn is_tag_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_.:/=+-@".contains(c)
}

/// A value known only at apply time that is not an attribute of a graph
/// resource. Written with a `source` tag.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case", deny_unknown_fields)]
pub enum ApplyValue {
    /// Given when the bundle was made.
    Literal { value: String },
    /// The value of a public SSM parameter in the bundle's region, e.g. the
    /// current Amazon Linux 2023 AMI id from
    /// `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64`
    /// (<https://docs.aws.amazon.com/linux/al2023/ug/ec2.html>: "AL2023 AMI
    /// IDs are available in SSM public parameters").
    SsmParameter { name: String },
    /// Something the person applying must supply (e.g. the ACM certificate
    /// of a load balancer's domain): the engine refuses to apply without it.
    Input { name: String, description: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_parse_and_split() {
        let a = Address::keyed("network", "aws_subnet", "private", "us-east-1a");
        assert_eq!(a.as_str(), "network.aws_subnet.private[\"us-east-1a\"]");
        assert_eq!(Address::parse(a.as_str()).unwrap(), a);
        assert_eq!((a.component(), a.resource_type(), a.key()), ("network", "aws_subnet", Some("us-east-1a")));
        assert_eq!(Address::new("web", "aws_autoscaling_group", "this").key(), None);
        assert_eq!(a.tag_value(), "network.aws_subnet.private/us-east-1a");
        assert_eq!(Address::from_tag_value(&a.tag_value()).unwrap(), a);
        let cidr = Address::keyed("alb", "aws_vpc_security_group_ingress_rule", "https", "0.0.0.0/0");
        assert_eq!(Address::from_tag_value(&cidr.tag_value()).unwrap(), cidr);
        for bad in [
            "web.aws_lb",
            "web.aws_lb.this.x",
            "Web.aws_lb.this",
            "web.aws_lb.this[a]",
            "web.aws_lb.this[\"\"]",
            "",
        ] {
            assert!(Address::parse(bad).is_err(), "{bad}");
        }
    }
}
