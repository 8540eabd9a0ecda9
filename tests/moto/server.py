"""moto's server with the AWS behaviours moto 5.2.5 lacks or gets wrong and
skyplan's apply tests need. Started by crates/skyplan-cli/tests/apply.rs exactly like
`moto_server` (same arguments); everything else is moto unchanged.

1. EKS creates a cluster security group with every cluster and reports it in
   DescribeCluster as `resourcesVpcConfig.clusterSecurityGroupId`; moto
   returns no such field, so nothing that uses the cluster's security group
   (skyplan's node launch templates) can be created. Behaviour added here,
   as AWS documents it
   (https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html):
   "When you create a cluster, Amazon EKS creates a security group that's
   named eks-cluster-sg-my-cluster-uniqueID", tagged
   `aws:eks:cluster-name` and `kubernetes.io/cluster/<name>: owned`, in the
   cluster's VPC; EKS deletes it with the cluster.

2. ElastiCache DeleteCacheSubnetGroup is not implemented by moto (HTTP 500).
   Added as the API reference describes it
   (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteCacheSubnetGroup.html):
   "You cannot delete a default cache subnet group or one that is associated
   with any clusters" (CacheSubnetGroupInUse); an unknown name is
   CacheSubnetGroupNotFoundFault. moto never finishes deleting a replication
   group (it stays "deleting"), so such a group, and its member clusters, no
   longer count as users: AWS removes them once the deletion completes.

3. S3 GetBucketVersioning answers with the root element
   GetBucketVersioningResponse, where S3 answers VersioningConfiguration
   (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketVersioning.html,
   "Response Syntax"); aws-sdk-rust refuses that body, so a bucket's
   versioning could not be read back. Answered as S3 does.

And one fault to inject: SKYPLAN_MOTO_DENY="service:Action,..." answers those
actions as AWS answers an identity whose policy denies them (HTTP 403,
AccessDenied, "User: ... is not authorized to perform: rds:CreateDBInstance").
moto's own IAM enforcement (INITIAL_NO_AUTH_ACTION_COUNT) cannot serve here:
it recomputes each SigV4 signature from the form parameters re-encoded by
botocore rather than from the bytes received, so it refuses aws-sdk-rust's
valid form-encoded requests (and every EKS request, even boto3's).
"""

import json
import os
import sys

from moto.core.responses import BaseResponse, EmptyResult
from moto.ec2.models import ec2_backends
from moto.eks.models import EKSBackend
from moto.elasticache.exceptions import CacheSubnetGroupNotFound, ElastiCacheException
from moto.elasticache.models import ElastiCacheBackend
from moto.elasticache.responses import ElastiCacheResponse
from moto.moto_api._internal import mock_random as random
from moto.s3.responses import S3Response
import moto.server


def _vpc_of_subnet(ec2, subnet_id):
    return ec2.get_subnet(subnet_id).vpc_id


_create_cluster = EKSBackend.create_cluster
_delete_cluster = EKSBackend.delete_cluster


def create_cluster(self, name, role_arn, resources_vpc_config, *args, **kwargs):
    cluster = _create_cluster(self, name, role_arn, resources_vpc_config, *args, **kwargs)
    ec2 = ec2_backends[self.account_id][self.region_name]
    subnets = (resources_vpc_config or {}).get("subnetIds") or []
    vpc_id = _vpc_of_subnet(ec2, subnets[0]) if subnets else None
    group = ec2.create_security_group(
        name=f"eks-cluster-sg-{name}-{random.get_random_string(length=10, lower_case=True)}",
        description="EKS created security group applied to ENI that is attached to "
        "EKS Control Plane master nodes, as well as any managed workloads.",
        vpc_id=vpc_id,
        tags={"aws:eks:cluster-name": name, f"kubernetes.io/cluster/{name}": "owned"},
    )
    config = dict(cluster.resources_vpc_config or {})
    config["clusterSecurityGroupId"] = group.id
    if vpc_id:
        config["vpcId"] = vpc_id
    cluster.resources_vpc_config = config
    return cluster


def delete_cluster(self, name):
    cluster = _delete_cluster(self, name)
    group_id = (cluster.resources_vpc_config or {}).get("clusterSecurityGroupId")
    if group_id:
        ec2_backends[self.account_id][self.region_name].delete_security_group(group_id=group_id)
    return cluster


class CacheSubnetGroupInUse(ElastiCacheException):
    code = "CacheSubnetGroupInUse"

    def __init__(self, name):
        super().__init__(f"Cache subnet group {name} is currently in use by a cache cluster.")


def backend_delete_cache_subnet_group(self, cache_subnet_group_name):
    if cache_subnet_group_name not in self.cache_subnet_groups:
        raise CacheSubnetGroupNotFound(cache_subnet_group_name)
    deleted = [g for g in self.replication_groups.values() if g.status == "deleting"]
    deleted_members = {m for g in deleted for m in (g.member_clusters or [])}
    users = [g for g in self.replication_groups.values() if g.status != "deleting"] + [
        c
        for cid, c in self.cache_clusters.items()
        if cid not in deleted_members and getattr(c, "cache_cluster_status", None) != "deleting"
    ]
    if any(getattr(u, "cache_subnet_group_name", None) == cache_subnet_group_name for u in users):
        raise CacheSubnetGroupInUse(cache_subnet_group_name)
    return self.cache_subnet_groups.pop(cache_subnet_group_name)


def response_delete_cache_subnet_group(self):
    self.elasticache_backend.delete_cache_subnet_group(
        cache_subnet_group_name=self._get_param("CacheSubnetGroupName")
    )
    return EmptyResult()


def denial_response(service, headers, message):
    """The error body in the service's protocol: EC2's XML with
    UnauthorizedOperation, JSON protocols' AccessDeniedException, the query
    protocol's ErrorResponse with AccessDenied
    (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html,
    https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#operation-error-serialization)."""
    if service == "ec2":
        return {"Content-Type": "text/xml"}, (
            "<Response><Errors><Error><Code>UnauthorizedOperation</Code>"
            f"<Message>{message}</Message></Error></Errors><RequestID>denied</RequestID></Response>"
        )
    if headers.get("X-Amz-Target") or service == "eks":
        return {
            "Content-Type": "application/x-amz-json-1.1",
            "x-amzn-ErrorType": "AccessDeniedException",
        }, json.dumps({"__type": "AccessDeniedException", "message": message})
    return {"Content-Type": "text/xml"}, (
        "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
        f"<Message>{message}</Message></Error><RequestId>denied</RequestId></ErrorResponse>"
    )


def get_bucket_versioning(self):
    status = self.backend.get_bucket_versioning(self.bucket_name)
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
        + (f"<Status>{status}</Status>" if status else "")
        + "</VersioningConfiguration>"
    )
    return 200, {"Content-Type": "application/xml"}, body


S3Response.get_bucket_versioning = get_bucket_versioning

DENIED = {a for a in os.environ.get("SKYPLAN_MOTO_DENY", "").split(",") if a}
_call_action = BaseResponse.call_action


def call_action(self):
    if DENIED:
        # Authorization: AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/SERVICE/aws4_request, ...
        scope = self.headers.get("Authorization", "").partition("Credential=")[2].split(",")[0]
        parts = scope.split("/")
        service = parts[3] if len(parts) > 3 else "?"
        action = f"{service}:{self._get_action()}"
        if action in DENIED:
            message = (
                f"User: arn:aws:iam::{self.current_account}:user/deployer "
                f"is not authorized to perform: {action}"
            )
            return 403, *denial_response(service, self.headers, message)
    return _call_action(self)


BaseResponse.call_action = call_action
EKSBackend.create_cluster = create_cluster
EKSBackend.delete_cluster = delete_cluster
ElastiCacheBackend.delete_cache_subnet_group = backend_delete_cache_subnet_group
ElastiCacheResponse.delete_cache_subnet_group = response_delete_cache_subnet_group

if __name__ == "__main__":
    moto.server.main(sys.argv[1:])
