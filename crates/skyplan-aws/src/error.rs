//! AWS errors as the engine needs them: which call failed, whether retrying
//! can help, and, for a permission error, which action was denied.

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use std::time::Duration;

/// What the engine does with an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// The caller's identity may not call this action: never retried.
    AccessDenied,
    /// The object does not exist (any more).
    NotFound,
    /// AWS has not yet caught up with an earlier call (a dependency still
    /// being deleted, an IAM role not yet visible): retried with backoff.
    EventuallyConsistent,
    /// Anything else: reported as is.
    Other,
}

/// A failed AWS call.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", self.render())]
pub struct AwsError {
    /// `service:Action`, IAM's spelling of the call, e.g. `ec2:CreateVpc`.
    pub action: String,
    pub code: Option<String>,
    pub message: String,
    pub class: ErrorClass,
}

impl AwsError {
    fn render(&self) -> String {
        match self.class {
            ErrorClass::AccessDenied => format!(
                "access denied: the AWS identity in use may not call {} ({}: {}); grant it that action",
                self.action,
                self.code.as_deref().unwrap_or("AccessDenied"),
                self.message
            ),
            _ => match &self.code {
                Some(code) => format!("{} failed: {code}: {}", self.action, self.message),
                None => format!("{} failed: {}", self.action, self.message),
            },
        }
    }

    pub fn new(action: &str, code: Option<&str>, message: impl Into<String>) -> AwsError {
        let class = classify(code);
        AwsError {
            action: action.to_string(),
            code: code.map(str::to_string),
            message: message.into(),
            class,
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.class == ErrorClass::NotFound
    }

    pub fn code_is(&self, code: &str) -> bool {
        self.code.as_deref() == Some(code)
    }
}

/// Error codes by class. Access denied: EC2 says `UnauthorizedOperation`
/// (<https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html>),
/// most JSON services `AccessDeniedException`, query services `AccessDenied`.
/// Eventual consistency: EC2 `DependencyViolation` on delete while an ENI
/// or attachment is still going away, and `*.NotFound` just after a create
/// (<https://docs.aws.amazon.com/ec2/latest/devguide/eventual-consistency.html>,
/// "If you get an error ... retry using an exponential backoff"); IAM
/// changes propagate with a delay
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency>).
fn classify(code: Option<&str>) -> ErrorClass {
    let Some(code) = code else { return ErrorClass::Other };
    match code {
        "AccessDenied"
        | "AccessDeniedException"
        | "UnauthorizedOperation"
        | "Client.UnauthorizedOperation"
        | "AuthorizationError"
        | "AuthFailure"
        | "UnrecognizedClientException"
        | "InvalidClientTokenId" => ErrorClass::AccessDenied,
        "DependencyViolation"
        | "ResourceInUse"
        | "ResourceInUseException"
        | "InvalidDBSubnetGroupStateFault"
        | "InvalidCacheSubnetGroupState"
        // DeleteCacheSubnetGroup while a just-deleted replication group still counts
        // (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteCacheSubnetGroup.html).
        | "CacheSubnetGroupInUse"
        | "IncorrectState"
        | "OperationAborted"
        | "ConflictException"
        | "DeleteConflict" => ErrorClass::EventuallyConsistent,
        c if c.ends_with(".NotFound")
            || c.ends_with("NotFound")
            || c.ends_with("NotFoundFault")
            || c.ends_with("NotFoundException")
            || c == "NoSuchEntity"
            || c == "NoSuchBucket"
            || c == "NoSuchKey"
            || c == "NotFoundException"
            || c == "ResourceNotFoundException" =>
        {
            ErrorClass::NotFound
        }
        _ => ErrorClass::Other,
    }
}

/// Converts any SDK error, naming the action that failed.
pub fn from_sdk<E>(action: &str, error: SdkError<E, HttpResponse>) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match &error {
        SdkError::ServiceError(service) if service.err().code().is_some() => {
            let inner = service.err();
            let message = inner.message().map(str::to_string).unwrap_or_else(|| inner.to_string());
            AwsError::new(action, inner.code(), message)
        }
        _ => AwsError::new(action, None, describe_sdk_error(&error)),
    }
}

/// `map_err(sdk("ec2:CreateVpc"))`: [`from_sdk`] as a closure.
pub fn sdk<E>(action: &'static str) -> impl FnOnce(SdkError<E, HttpResponse>) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    move |error| from_sdk(action, error)
}

/// An SDK error as a person reads it: the service's code and message; for
/// a response the SDK could not read (a proxy's page, an emulator's
/// gap), the HTTP status and the start of the body; otherwise the chain of
/// causes (connection refused, timeout...), without the SDK's debug dump.
pub fn describe_sdk_error<E>(error: &SdkError<E, HttpResponse>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match error {
        SdkError::ServiceError(service) => match service.err().code() {
            Some(code) => format!("{code}: {}", service.err().message().unwrap_or("(no message)")),
            None => {
                let raw = service.raw();
                let body = raw
                    .body()
                    .bytes()
                    .map(|b| String::from_utf8_lossy(b).split_whitespace().collect::<Vec<_>>().join(" "))
                    .unwrap_or_default();
                let body: String = body.chars().take(300).collect();
                let mut why = Vec::new();
                let mut source = std::error::Error::source(service.err());
                while let Some(cause) = source {
                    why.push(cause.to_string());
                    source = cause.source();
                }
                format!(
                    "HTTP {}, a response the SDK cannot read{}: {}",
                    raw.status().as_u16(),
                    if why.is_empty() { String::new() } else { format!(" ({})", why.join(": ")) },
                    if body.is_empty() { "(empty)" } else { &body }
                )
            }
        },
        other => {
            let mut text = other.to_string();
            let mut source = std::error::Error::source(other);
            while let Some(cause) = source {
                let cause_text = cause.to_string();
                if !text.contains(&cause_text) {
                    text.push_str(": ");
                    text.push_str(&cause_text);
                }
                source = cause.source();
            }
            text
        }
    }
}

/// Retries `call` while it fails with an eventual-consistency error, with
/// exponential backoff from 1 s doubling to 16 s, for up to `budget` in
/// total (the SDK itself already retries throttling and 5xx errors).
pub async fn retry_consistency<T, F, Fut>(budget: Duration, mut call: F) -> Result<T, AwsError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, AwsError>>,
{
    let started = std::time::Instant::now();
    let mut delay = Duration::from_secs(1);
    loop {
        match call().await {
            Err(error) if error.class == ErrorClass::EventuallyConsistent && started.elapsed() + delay <= budget => {
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(16));
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::error::ErrorMetadata;

    fn service_error(code: Option<&str>, status: u16, body: &str) -> SdkError<ErrorMetadata, HttpResponse> {
        let mut meta = ErrorMetadata::builder().message("You are not authorized to perform this operation.");
        if let Some(code) = code {
            meta = meta.code(code);
        }
        SdkError::service_error(
            meta.build(),
            HttpResponse::new(StatusCode::try_from(status).unwrap(), SdkBody::from(body)),
        )
    }

    #[test]
    fn sdk_errors_read_as_code_and_message_or_status_and_body() {
        let denied = from_sdk("ec2:CreateVpc", service_error(Some("UnauthorizedOperation"), 403, "<Response/>"));
        assert_eq!(denied.class, ErrorClass::AccessDenied);
        assert_eq!(
            denied.message,
            "You are not authorized to perform this operation."
        );
        // A body the SDK could not parse (e.g. a proxy's HTML page): status and
        // the start of the body, whitespace folded, instead of a debug dump.
        let unreadable = from_sdk(
            "rds:CreateDBInstance",
            service_error(None, 502, "<html>\n  <body>Bad   gateway</body>\n</html>"),
        );
        assert_eq!(unreadable.code, None);
        assert_eq!(
            unreadable.to_string(),
            "rds:CreateDBInstance failed: HTTP 502, a response the SDK cannot read: <html> <body>Bad gateway</body> </html>"
        );
        let long = "x".repeat(1000);
        let text = describe_sdk_error(&service_error(None, 500, &long));
        assert!(text.ends_with(&"x".repeat(300)) && !text.contains(&"x".repeat(301)), "{text}");
    }

    #[test]
    fn access_denied_names_the_action() {
        let error = AwsError::new(
            "ec2:CreateVpc",
            Some("UnauthorizedOperation"),
            "You are not authorized to perform this operation.",
        );
        assert_eq!(error.class, ErrorClass::AccessDenied);
        assert_eq!(
            error.to_string(),
            "access denied: the AWS identity in use may not call ec2:CreateVpc (UnauthorizedOperation: You are not authorized to perform this operation.); grant it that action"
        );
    }

    #[test]
    fn classes() {
        assert_eq!(classify(Some("InvalidVpcID.NotFound")), ErrorClass::NotFound);
        assert_eq!(classify(Some("NoSuchEntity")), ErrorClass::NotFound);
        assert_eq!(classify(Some("DBInstanceNotFound")), ErrorClass::NotFound);
        assert_eq!(classify(Some("DependencyViolation")), ErrorClass::EventuallyConsistent);
        assert_eq!(classify(Some("AccessDeniedException")), ErrorClass::AccessDenied);
        assert_eq!(classify(Some("InvalidParameterValue")), ErrorClass::Other);
        assert_eq!(classify(None), ErrorClass::Other);
    }

    #[tokio::test(start_paused = true)]
    async fn consistency_errors_are_retried_then_succeed() {
        let mut calls = 0;
        let result = retry_consistency(Duration::from_secs(60), || {
            calls += 1;
            let attempt = calls;
            async move {
                if attempt < 3 {
                    Err(AwsError::new("ec2:DeleteSubnet", Some("DependencyViolation"), "has dependencies"))
                } else {
                    Ok(attempt)
                }
            }
        })
        .await;
        assert_eq!(result.unwrap(), 3);
    }
}
