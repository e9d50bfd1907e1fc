package dev.trailauditor.policy;

import static dev.trailauditor.policy.Fixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Condition semantics of Statement.applies, following the IAM docs. */
class ConditionOperatorsTest {
    private static final String TRAIL = "arn:aws:cloudtrail:us-east-1:111111111111:trail/main";
    private static final AccessRequest PUT = AccessRequest.of(
                    RequestPrincipal.service("cloudtrail.amazonaws.com"), "s3:PutObject", "arn:aws:s3:::b/x")
            .withContext("aws:SourceArn", TRAIL)
            .withContext("aws:SecureTransport", "true");

    /** A statement that grants PUT's action and resource to everyone under this Condition. */
    private static Statement withCondition(String condition) {
        return policy("{'Effect':'Allow','Principal':'*','Action':'s3:PutObject','Resource':'*','Condition':"
                + condition + "}").statements().get(0);
    }

    private static boolean applies(String condition, AccessRequest request) {
        return withCondition(condition).applies(request);
    }

    @Test
    void stringEqualsIsCaseSensitiveOnValuesButNotOnKeys() {
        assertThat(applies("{'StringEquals':{'AWS:SOURCEARN':'" + TRAIL + "'}}", PUT)).isTrue();
        assertThat(applies("{'StringEquals':{'aws:SourceArn':'" + TRAIL.toUpperCase() + "'}}", PUT)).isFalse();
        assertThat(applies("{'StringEqualsIgnoreCase':{'aws:SourceArn':'" + TRAIL.toUpperCase() + "'}}", PUT)).isTrue();
    }

    @Test
    void valuesOfOneKeyOrButKeysAndOperatorsAnd() {
        String other = "arn:aws:cloudtrail:us-east-1:222222222222:trail/main";
        assertThat(applies("{'StringEquals':{'aws:SourceArn':['" + other + "','" + TRAIL + "']}}", PUT)).isTrue();
        assertThat(applies("{'StringEquals':{'aws:SourceArn':'" + TRAIL + "','aws:SourceAccount':'111111111111'}}", PUT))
                .as("aws:SourceAccount is absent").isFalse();
        assertThat(applies("{'StringEquals':{'aws:SourceArn':'" + TRAIL + "'},'Bool':{'aws:SecureTransport':'false'}}", PUT))
                .isFalse();
    }

    @Test
    void stringLikeAndArnLikeTakeWildcards() {
        assertThat(applies("{'StringLike':{'aws:SourceArn':'arn:aws:cloudtrail:*:111111111111:trail/*'}}", PUT)).isTrue();
        assertThat(applies("{'ArnLike':{'aws:SourceArn':'arn:aws:cloudtrail:*:111111111111:trail/*'}}", PUT)).isTrue();
        assertThat(applies("{'ArnLike':{'aws:SourceArn':'arn:aws:cloudtrail:*:222222222222:trail/*'}}", PUT)).isFalse();
        assertThat(applies("{'ArnEquals':{'aws:SourceArn':'arn:aws:cloudtrail:us-east-1:111111111111:trail/ma?n'}}", PUT))
                .isTrue();
    }

    /**
     * A long value list (the central policies list every member) is looked up, not scanned: exact
     * values and patterns mixed in one list still match as a scan would, negated operators too.
     */
    @Test
    void longValueListsMixingExactValuesAndPatternsMatchAsAScanWould() {
        String others = java.util.stream.IntStream.range(0, 2_000)
                .mapToObj(i -> "'arn:aws:cloudtrail:us-east-1:" + (300_000_000_000L + i) + ":trail/main'")
                .collect(java.util.stream.Collectors.joining(","));
        assertThat(applies("{'StringEquals':{'aws:SourceArn':[" + others + ",'" + TRAIL + "']}}", PUT)).isTrue();
        assertThat(applies("{'StringEquals':{'aws:SourceArn':[" + others + "]}}", PUT)).isFalse();
        assertThat(applies("{'StringNotEquals':{'aws:SourceArn':[" + others + ",'" + TRAIL + "']}}", PUT)).isFalse();
        assertThat(applies("{'StringNotEquals':{'aws:SourceArn':[" + others + "]}}", PUT)).isTrue();
        assertThat(applies("{'StringLike':{'aws:SourceArn':[" + others + ",'arn:aws:cloudtrail:*:111111111111:trail/m?in']}}",
                PUT)).as("a pattern after thousands of exact values").isTrue();
        assertThat(applies("{'StringLike':{'aws:SourceArn':[" + others + ",'" + TRAIL.replace("main", "MAIN") + "']}}", PUT))
                .as("an exact StringLike value stays case-sensitive").isFalse();
        assertThat(applies("{'StringNotLike':{'aws:SourceArn':[" + others + ",'" + TRAIL + "']}}", PUT)).isFalse();
        assertThat(applies("{'StringEqualsIgnoreCase':{'aws:SourceArn':[" + others + ",'" + TRAIL.toUpperCase() + "']}}", PUT))
                .isTrue();
    }

    @Test
    void arnLikeMatchesEachArnPartOnItsOwn() {
        // With StringLike this '*' would swallow "us-east-1:111111111111"; ArnLike keeps parts apart.
        assertThat(applies("{'StringLike':{'aws:SourceArn':'arn:aws:cloudtrail:*:trail/*'}}", PUT)).isTrue();
        assertThat(applies("{'ArnLike':{'aws:SourceArn':'arn:aws:cloudtrail:*:trail/*'}}", PUT)).isFalse();
    }

    @Test
    void negatedOperatorsMatchWhenNoValueMatchesOrTheKeyIsAbsent() {
        assertThat(applies("{'StringNotEquals':{'aws:SourceArn':['a','b']}}", PUT)).isTrue();
        assertThat(applies("{'StringNotEquals':{'aws:SourceArn':['a','" + TRAIL + "']}}", PUT)).isFalse();
        assertThat(applies("{'ArnNotLike':{'aws:SourceArn':'arn:aws:cloudtrail:*:999999999999:trail/*'}}", PUT)).isTrue();
        assertThat(applies("{'StringNotLike':{'aws:SourceAccount':'1*'}}", PUT)).as("absent key").isTrue();
    }

    @Test
    void ifExistsPassesWhenTheKeyIsAbsent() {
        assertThat(applies("{'StringEqualsIfExists':{'aws:SourceAccount':'111111111111'}}", PUT)).isTrue();
        assertThat(applies("{'StringEqualsIfExists':{'aws:SourceArn':'other'}}", PUT)).isFalse();
        assertThat(applies("{'StringEquals':{'aws:SourceAccount':'111111111111'}}", PUT)).isFalse();
    }

    @Test
    void nullTestsPresence() {
        assertThat(applies("{'Null':{'aws:SourceArn':'false'}}", PUT)).isTrue();
        assertThat(applies("{'Null':{'aws:SourceArn':'true'}}", PUT)).isFalse();
        assertThat(applies("{'Null':{'aws:SourceAccount':true}}", PUT)).as("JSON boolean value").isTrue();
    }

    @Test
    void boolAcceptsStringsAndJsonBooleans() {
        assertThat(applies("{'Bool':{'aws:SecureTransport':'true'}}", PUT)).isTrue();
        assertThat(applies("{'Bool':{'aws:SecureTransport':true}}", PUT)).isTrue();
        assertThat(applies("{'Bool':{'aws:SecureTransport':false}}", PUT)).isFalse();
    }

    @Test
    void forAnyValueNeedsOneMatchingValueAndAPresentKey() {
        AccessRequest tagged = PUT.withContext("aws:TagKeys", "team", "cost-center");

        assertThat(applies("{'ForAnyValue:StringLike':{'aws:TagKeys':'cost-*'}}", tagged)).isTrue();
        assertThat(applies("{'ForAnyValue:StringLike':{'aws:TagKeys':'owner*'}}", tagged)).isFalse();
        assertThat(applies("{'ForAnyValue:StringLike':{'aws:TagKeys':'*'}}", PUT)).as("absent key").isFalse();
        assertThat(applies("{'ForAnyValue:StringLike':{'aws:SourceArn':'arn:aws:cloudtrail:*'}}", PUT)).isTrue();
    }

    /**
     * ForAnyValue is false when the key is absent, and IfExists does not change that: AWS documents
     * "For no matching context key or a null dataset, the condition returns false"
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html)
     * and denies a ForAnyValue:StringEqualsIfExists Allow on a request without the key
     * (https://repost.aws/questions/QU9HFmDzP0QGuU-fd7rS6B7w). ForAllValues...IfExists still passes.
     */
    @Test
    void forAnyValueWithIfExistsStillFailsWhenTheKeyIsAbsent() {
        AccessRequest tagged = PUT.withContext("aws:TagKeys", "team");

        assertThat(applies("{'ForAnyValue:StringEqualsIfExists':{'aws:TagKeys':'team'}}", PUT)).as("absent key").isFalse();
        assertThat(applies("{'ForAnyValue:StringNotEqualsIfExists':{'aws:TagKeys':'team'}}", PUT)).as("absent key").isFalse();
        assertThat(applies("{'ForAnyValue:StringEqualsIfExists':{'aws:TagKeys':'team'}}", tagged)).isTrue();
        assertThat(applies("{'ForAllValues:StringEqualsIfExists':{'aws:TagKeys':'owner'}}", PUT)).as("absent key").isTrue();
    }

    @Test
    void forAllValuesNeedsEveryValueToMatchAndPassesWhenTheKeyIsAbsent() {
        AccessRequest tagged = PUT.withContext("aws:TagKeys", "team", "cost-center");

        assertThat(applies("{'ForAllValues:StringEquals':{'aws:TagKeys':['team','cost-center','owner']}}", tagged)).isTrue();
        assertThat(applies("{'ForAllValues:StringEquals':{'aws:TagKeys':['team']}}", tagged)).isFalse();
        assertThat(applies("{'ForAllValues:StringEquals':{'aws:TagKeys':['team']}}", PUT)).as("absent key").isTrue();
    }

    @Test
    void numericDateAndIpOperatorsFollowTheAbsentKeyRuleAndCompareWhenPresent() {
        assertThat(applies("{'NumericLessThan':{'s3:TlsVersion':1.2}}", PUT)).isFalse();
        assertThat(applies("{'DateGreaterThan':{'aws:CurrentTime':'2020-01-01T00:00:00Z'}}", PUT)).isFalse();
        assertThat(applies("{'NotIpAddress':{'aws:SourceIp':'10.0.0.0/8'}}", PUT)).isTrue();

        assertThat(applies("{'NumericLessThan':{'s3:TlsVersion':1.2}}", PUT.withContext("s3:TlsVersion", "1.0"))).isTrue();
        assertThat(applies("{'DateGreaterThan':{'aws:CurrentTime':'2020-01-01T00:00:00Z'}}",
                PUT.withContext("aws:CurrentTime", "2026-01-01T00:00:00Z"))).isTrue();
        assertThat(applies("{'IpAddress':{'aws:SourceIp':['10.0.0.0/8','2001:db8::/32']}}",
                PUT.withContext("aws:SourceIp", "2001:db8::1"))).isTrue();
        assertThat(applies("{'IpAddress':{'aws:SourceIp':'10.0.0.0/8'}}", PUT.withContext("aws:SourceIp", "11.0.0.1")))
                .isFalse();
    }

    @Test
    void anUnknownOperatorIsRefusedWhenThePolicyIsRead() {
        assertThatThrownBy(() -> applies("{'StringSortOfEquals':{'aws:SourceArn':'" + TRAIL + "'}}", PUT))
                .isInstanceOf(PolicyParseException.class).hasMessageContaining("'StringSortOfEquals'");
        assertThatThrownBy(() -> applies("{'NullIfExists':{'aws:SourceArn':'false'}}", PUT))
                .isInstanceOf(PolicyParseException.class).hasMessageContaining("'NullIfExists'");
    }

    @Test
    void operatorQualifiersAreReadWhateverTheirCase() {
        assertThat(applies("{'stringequalsifexists':{'aws:SourceAccount':'1'}}", PUT)).isTrue();
        assertThat(applies("{'FORANYVALUE:StringEquals':{'aws:SourceArn':'" + TRAIL + "'}}", PUT)).isTrue();
    }
}
