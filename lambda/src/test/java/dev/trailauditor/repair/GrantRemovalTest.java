package dev.trailauditor.repair;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trailauditor.config.AuditConfig;
import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.config.ConfigLoaderTest;
import dev.trailauditor.policy.ManagedStatements;
import dev.trailauditor.policy.PolicyDocument;
import dev.trailauditor.policy.PolicyKind;
import dev.trailauditor.policy.Shape;
import dev.trailauditor.policy.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Leaving takes out the auditor's own statements, told by meaning: an imitation of them stays like any foreign one. */
class GrantRemovalTest {
    private static final Instant AT = Instant.parse("2026-12-01T03:00:00Z");
    private static final AuditConfig CONFIG = ConfigLoader.load(ConfigLoaderTest.validEnv(), name -> Optional.empty());
    /** The auditor's Sid prefix on a grant it would never write: any trail may write every account's folder. */
    private static final String IMITATION = """
            {"Sid":"TrailAuditorWriteAnyTrail","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},
             "Action":"s3:PutObject","Resource":"arn:aws:s3:::central-trail-logs/org/trails/AWSLogs/*"}""";

    @Test
    void theAuditorsOwnStatementsGoAndAnImitationOfThemStays() {
        List<ObjectNode> statements = new ArrayList<>(ManagedStatements.forAll(PolicyKind.BUCKET, Shape.PER_MEMBER,
                CONFIG.centralTarget(AT), CONFIG.grantees()));
        PolicyDocument withOwn = PolicyDocument.empty().withStatements(statements);
        statements.add((ObjectNode) PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + IMITATION + "]}")
                .statements().get(0).json());
        String policy = PolicyDocument.empty().withVersion("2012-10-17").withStatements(statements).toJson();
        Statement imitation = PolicyDocument.parse(policy).statements().get(statements.size() - 1);
        assertThat(ManagedStatements.isManaged(imitation)).as("its Sid and principal alone look like the auditor's").isTrue();

        GrantRemoval removal = GrantRemoval.of(PolicyKind.BUCKET, "central-trail-logs", Optional.of(policy), CONFIG, AT);

        assertThat(removal.managed()).hasSize(withOwn.statements().size());
        assertThat(removal.managed()).extracting(Statement::json).doesNotContain(imitation.json());
        assertThat(removal.remaining().statements()).extracting(Statement::json).containsExactly(imitation.json());
        assertThat(removal.refusal()).isNull();
    }
}
