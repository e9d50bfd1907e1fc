package dev.trailauditor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

class SimStsClientTest {
    static final String AUDIT = "111111111111";
    static final String MEMBER = "222222222222";
    static final String ROLE_ARN = "arn:aws:iam::" + MEMBER + ":role/TrailAuditorMember";
    static final Instant NOW = Instant.parse("2025-06-01T02:00:00Z");

    Fleet fleet;
    StsClient sts;

    @BeforeEach
    void setUp() {
        fleet = new Fleet(Clock.fixed(NOW, ZoneOffset.UTC));
        sts = fleet.sts(AUDIT);
    }

    @Test
    void assumesADeclaredRoleAndRecordsTheSession() {
        fleet.account(MEMBER).role("TrailAuditorMember").requireExternalId("xid-42").trust("arn:aws:iam::" + AUDIT + ":root");

        AssumeRoleResponse response = sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("audit-run").externalId("xid-42"));

        assertThat(response.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::" + MEMBER + ":assumed-role/TrailAuditorMember/audit-run");
        assertThat(response.credentials().expiration()).isEqualTo(NOW.plusSeconds(3600));
        assertThat(response.credentials().accessKeyId()).hasSize(20).startsWith("ASIA");
        assertThat(Fleet.accountOfAccessKey(response.credentials().accessKeyId())).contains(MEMBER);
        assertThat(fleet.assumedRoles()).singleElement().satisfies(a -> {
            assertThat(a.roleArn()).isEqualTo(ROLE_ARN);
            assertThat(a.sessionName()).isEqualTo("audit-run");
            assertThat(a.externalId()).isEqualTo("xid-42");
            assertThat(a.callerArn()).isEqualTo("arn:aws:sts::" + AUDIT + ":assumed-role/TrailAuditorFunction/trail-auditor");
        });
    }

    @Test
    void missingRoleIsAccessDeniedInAwsWords() {
        fleet.account(MEMBER);

        assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("audit-run")))
                .isInstanceOfSatisfying(StsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("User: arn:aws:sts::" + AUDIT
                            + ":assumed-role/TrailAuditorFunction/trail-auditor is not authorized to perform: "
                            + "sts:AssumeRole on resource: " + ROLE_ARN);
                });
        assertThat(fleet.assumedRoles()).isEmpty();
    }

    @Test
    void wrongOrMissingExternalIdIsAccessDenied() {
        fleet.account(MEMBER).role("TrailAuditorMember").requireExternalId("xid-42");

        assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("s1").externalId("wrong")))
                .isInstanceOfSatisfying(StsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
        assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("s1")))
                .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }

    @Test
    void untrustedCallerAndDeniedAccountAreRefused() {
        fleet.account(MEMBER).role("TrailAuditorMember").trust("arn:aws:iam::999999999999:root");
        assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("s1")))
                .isInstanceOf(StsException.class);

        fleet.account(MEMBER).role("TrailAuditorMember").trust("arn:aws:iam::" + AUDIT + ":role/TrailAuditorFunction");
        assertThat(sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("s1")).credentials()).isNotNull();

        fleet.account(MEMBER).denyAssumeRole();
        assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("s1")))
                .isInstanceOf(StsException.class);
    }

    @Test
    void invalidSessionNameIsAValidationError() {
        fleet.account(MEMBER).role("TrailAuditorMember");

        assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(ROLE_ARN).roleSessionName("has space")))
                .isInstanceOfSatisfying(StsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
    }

    @Test
    void callerIdentityIsTheClientsPrincipal() {
        var identity = fleet.sts(AUDIT, "Operator").getCallerIdentity();

        assertThat(identity.account()).isEqualTo(AUDIT);
        assertThat(identity.arn()).isEqualTo("arn:aws:sts::" + AUDIT + ":assumed-role/Operator/trail-auditor");
    }
}
