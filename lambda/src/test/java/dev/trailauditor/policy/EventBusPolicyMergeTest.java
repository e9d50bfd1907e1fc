package dev.trailauditor.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bus policy, merged like the bucket and key policies: foreign statements kept, the auditor's by content. */
class EventBusPolicyMergeTest {
    private static final String AUDIT = "111111111111";
    private static final String BUS = "arn:aws:events:eu-west-1:111111111111:event-bus/trail-auditor-trail-events";
    private static final CentralTarget TARGET = new CentralTarget("aws", "central-trail-logs", LogPrefix.of("org"),
            "arn:aws:kms:eu-west-1:111111111111:key/k", AUDIT, Instant.parse("2026-11-29T03:00:00Z"), BUS);
    /** Someone's own grant on the bus: another action, for a partner account. */
    private static final String FOREIGN = """
            {"Sid":"PartnerRules","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::777777777777:root"},
             "Action":["events:PutRule","events:PutTargets"],"Resource":"arn:aws:events:eu-west-1:111111111111:rule/trail-auditor-trail-events/*",
             "Condition":{"StringEqualsIfExists":{"events:creatorAccount":"777777777777"}}}""";
    private static final String DENY = """
            {"Sid":"TrailAuditorNoHttp","Effect":"Deny","Principal":"*","Action":"events:PutEvents","Resource":"%s",
             "Condition":{"Bool":{"aws:SecureTransport":"false"}}}""".formatted(BUS);

    private final PolicyMerger merger = new PolicyMerger();

    private static Grantee member(String account) {
        return Grantee.of(Arn.of("arn:aws:cloudtrail:eu-west-1:" + account + ":trail/org-trail"));
    }

    private static List<Grantee> members(String... accounts) {
        return java.util.Arrays.stream(accounts).map(EventBusPolicyMergeTest::member).toList();
    }

    private static PolicyDocument policy(String... statements) {
        return PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}");
    }

    /** The auditor's statement: pinned to what the members' rules forward. */
    private static String ours(String... accounts) {
        return legacy(accounts).replaceFirst("}$", ",\"Condition\":{\"ForAllValues:StringEquals\":{\"events:source\":"
                + "\"aws.cloudtrail\",\"events:detail-type\":\"AWS API Call via CloudTrail\"},\"Null\":{\"events:source\":"
                + "\"false\",\"events:detail-type\":\"false\"}}}");
    }

    /** The statement earlier versions wrote: the same accounts, any event. */
    private static String legacy(String... accounts) {
        String roots = java.util.Arrays.stream(accounts).map(a -> "\"arn:aws:iam::" + a + ":root\"")
                .collect(java.util.stream.Collectors.joining(","));
        return "{\"Sid\":\"TrailAuditorPutEvents\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + (accounts.length == 1 ? roots : "[" + roots + "]") + "},\"Action\":\"events:PutEvents\",\"Resource\":\"" + BUS + "\"}";
    }

    private MergeResult merge(Optional<PolicyDocument> current, List<Grantee> registered, boolean removeStale) {
        return merger.merge(PolicyKind.EVENT_BUS, current, TARGET, registered, removeStale);
    }

    @Test
    void aBusWithoutAPolicyGetsOneStatementOfTheMembersSortedAndNotTheAuditAccount() {
        MergeResult result = merge(Optional.empty(), members("333333333333", AUDIT, "222222222222"), false);

        assertThat(result.changed()).isTrue();
        assertThat(result.shape()).isEqualTo(Shape.ACCOUNT_LIST);
        assertThat(result.document().statementJson()).singleElement().hasToString(
                ours("222222222222", "333333333333"));
        assertThat(result.stillUnmet()).isEmpty();
        assertThat(result.limit()).isEqualTo(10_240);
        assertThat(result.sizeBefore()).isZero();
    }

    @Test
    void foreignStatementsStayWhereTheyAreAsTheyWere() {
        PolicyDocument current = policy(FOREIGN, ours("222222222222"), DENY);

        MergeResult result = merge(Optional.of(current), members("222222222222", "333333333333"), false);

        List<ObjectNode> after = result.document().statementJson();
        assertThat(after).hasSize(3);
        assertThat(after.get(0)).isEqualTo(current.statementJson().get(0));
        assertThat(after.get(2)).as("a Deny is never the auditor's, whatever its Sid").isEqualTo(current.statementJson().get(2));
        assertThat(after.get(1).at("/Principal/AWS")).hasToString(
                "[\"arn:aws:iam::222222222222:root\",\"arn:aws:iam::333333333333:root\"]");
        assertThat(result.replaced()).singleElement();
        assertThat(result.added()).isEmpty();
        assertThat(result.removed()).isEmpty();
    }

    @Test
    void aMemberAddedToTheRegistryIsAddedAndAPolicyInStepIsLeftAlone() {
        MergeResult added = merge(Optional.of(policy(ours("222222222222"))), members("222222222222", "444444444444"), false);
        MergeResult again = merge(Optional.of(added.document()), members("222222222222", "444444444444"), false);

        assertThat(added.changed()).isTrue();
        assertThat(added.document().statementJson()).singleElement().hasToString(ours("222222222222", "444444444444"));
        assertThat(again.changed()).as("idempotent: a second run writes nothing").isFalse();
        assertThat(again.replaced()).isEmpty();
    }

    @Test
    void anAccountThatLeftTheRegistryIsKeptAndReportedUnlessStaleGrantsAreRemoved() {
        Optional<PolicyDocument> current = Optional.of(policy(ours("222222222222", "555555555555"), FOREIGN));

        MergeResult kept = merge(current, members("222222222222"), false);
        MergeResult removed = merge(current, members("222222222222"), true);

        assertThat(kept.staleAccounts()).containsExactly("555555555555");
        assertThat(kept.changed()).isFalse();
        assertThat(removed.staleAccounts()).containsExactly("555555555555");
        assertThat(removed.changed()).isTrue();
        assertThat(removed.document().statementJson()).containsExactly(
                PolicyDocument.parse("{\"Statement\":[" + ours("222222222222") + "]}").statementJson().get(0),
                current.get().statementJson().get(1));
    }

    @Test
    void aRegistryTooLargeForTenKilobytesIsRefusedAndNothingWritten() {
        List<Grantee> fleet = IntStream.range(0, 400).mapToObj(i -> member(String.valueOf(200_000_000_000L + i))).toList();

        MergeResult result = merge(Optional.of(policy(FOREIGN)), fleet, false);

        assertThat(result.refused()).isTrue();
        assertThat(result.changed()).isFalse();
        assertThat(result.document().toJson()).isEqualTo(policy(FOREIGN).toJson());
        assertThat(result.refusal()).startsWith("the event bus policy for 400 members does not fit")
                .contains("limit of 10,240 bytes").contains("Split the members over two event buses");
    }

    @Test
    void aboutTwoHundredNinetyMembersFit() {
        List<Grantee> fleet = IntStream.range(0, 290).mapToObj(i -> member(String.valueOf(200_000_000_000L + i))).toList();

        MergeResult result = merge(Optional.empty(), fleet, false);

        assertThat(result.refused()).isFalse();
        assertThat(result.sizeAfter()).isLessThanOrEqualTo(10_240);
    }

    @Test
    void theAuditorsStatementIsRecognisedBySidAndContentTogether() {
        assertThat(managed(ours("222222222222"))).isTrue();
        assertThat(managed(ours("222222222222", "333333333333"))).isTrue();
        assertThat(managed(ours("222222222222").replace("TrailAuditorPutEvents", "Members"))).as("another Sid").isFalse();
        assertThat(managed(ours("222222222222").replace("{\"AWS\":\"arn:aws:iam::222222222222:root\"}", "\"*\"")))
                .as("anyone").isFalse();
        assertThat(managed(ours("222222222222").replace("arn:aws:iam::222222222222:root", "*"))).as("AWS *").isFalse();
        assertThat(managed(ours("222222222222").replace("arn:aws:iam::222222222222:root", "arn:aws:iam::222222222222:role/x")))
                .as("one role, not the account").isFalse();
        assertThat(managed(ours("222222222222").replace("\"events:PutEvents\"", "[\"events:PutEvents\",\"events:PutRule\"]")))
                .as("more than PutEvents").isFalse();
        assertThat(managed(ours("222222222222").replace("\"" + BUS + "\"", "\"*\""))).as("every resource").isFalse();
        assertThat(managed(legacy("222222222222").replaceFirst("}$",
                ",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"222222222222\"}}}")))
                .as("a condition the auditor does not write").isFalse();
        assertThat(managed(ours("222222222222").replace("aws.cloudtrail", "aws.*"))).as("another source").isFalse();
        assertThat(managed(ours("222222222222").replace("ForAllValues:StringEquals", "ForAnyValue:StringEquals")))
                .as("another operator: one CloudTrail entry would let forged ones through").isFalse();
        assertThat(managed(ours("222222222222").replace(",\"Null\":{\"events:source\":\"false\",\"events:detail-type\":\"false\"}", "")))
                .as("without the Null check, a request without the keys").isFalse();
        assertThat(managed(ours("222222222222").replace(BUS, BUS + "-other"))).as("another bus").isFalse();
        assertThat(managed(legacy("222222222222"))).as("the unpinned statement of earlier versions").isTrue();
        assertThat(managed(ours("222222222222").replace("Allow", "Deny"))).isFalse();
    }

    @Test
    void theUnpinnedStatementOfEarlierVersionsIsReplacedInPlaceByThePinnedOne() {
        PolicyDocument current = policy(FOREIGN, legacy("222222222222", "333333333333"));

        MergeResult result = merge(Optional.of(current), members("222222222222", "333333333333"), false);

        assertThat(result.changed()).isTrue();
        assertThat(result.replaced()).singleElement().satisfies(r -> {
            assertThat(r.before()).isEqualTo(current.statementJson().get(1));
            assertThat(r.after()).hasToString(ours("222222222222", "333333333333"));
        });
        assertThat(result.document().statementJson().get(0)).isEqualTo(current.statementJson().get(0));
        assertThat(merge(Optional.of(result.document()), members("222222222222", "333333333333"), false).changed()).isFalse();
    }

    private static boolean managed(String statement) {
        PolicyDocument policy = policy(statement);
        return OwnStatements.of(policy, TARGET, members("222222222222")).isOwn(policy.statements().get(0));
    }
}
