package dev.trailauditor.policy;

import static dev.trailauditor.policy.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PolicyDocumentParseTest {

    @Test
    void statementMayBeASingleObject() {
        PolicyDocument policy = PolicyDocument.parse(json(
                "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'*'}}"));

        assertThat(policy.statements()).hasSize(1);
        Statement only = policy.statements().get(0);
        assertThat(only.sid()).isNull();
        assertThat(only.name()).isEqualTo("#1");
        assertThat(only.effect()).isEqualTo(Effect.ALLOW);
        assertThat(only.index()).isZero();
    }

    @Test
    void keepsEachStatementsJsonExactlyAsWritten() throws Exception {
        String foreign = json("{'Sid':'Theirs','Effect':'Deny','Principal':{'AWS':['arn:aws:iam::123456789012:role/x']},"
                + "'NotAction':'s3:Get*','Resource':['arn:aws:s3:::b','arn:aws:s3:::b/*'],"
                + "'Condition':{'NumericLessThan':{'s3:TlsVersion':1.2},'Bool':{'aws:SecureTransport':false}},"
                + "'Custom':{'kept':true}}");
        PolicyDocument policy = PolicyDocument.parse(json("{'Version':'2012-10-17','Id':'x','Statement':[" + foreign + "]}"));

        assertThat(policy.statements().get(0).json().toString()).isEqualTo(new ObjectMapper().readTree(foreign).toString());
        assertThat(policy.id()).isEqualTo("x");
    }

    @Test
    void jsonCopiesCannotChangeThePolicy() {
        PolicyDocument policy = Fixtures.policy("{'Sid':'A','Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'*'}");

        policy.statements().get(0).json().put("Sid", "changed");

        assertThat(policy.statements().get(0).json().get("Sid").asText()).isEqualTo("A");
    }

    @Test
    void versionIsOptional() {
        PolicyDocument policy = PolicyDocument.parse(json("{'Statement':[]}"));

        assertThat(policy.version()).isNull();
        assertThat(policy.statements()).isEmpty();
    }

    @Test
    void effectIsExactlyAllowOrDenyNeverAGuess() {
        assertThat(Fixtures.policy("{'Effect':'Deny','Principal':'*','Action':'*','Resource':'*'}").statements().get(0).effect())
                .isEqualTo(Effect.DENY);
        assertThatThrownBy(() -> Fixtures.policy("{'Sid':'Guard','Effect':'deny','Principal':'*','Action':'*','Resource':'*'}"))
                .isInstanceOf(PolicyParseException.class).hasMessage("statement #1 has Effect 'deny'; expected Allow or Deny");
    }

    @Test
    void duplicateKeysAreAnErrorNotALastOneWins() {
        assertThatThrownBy(() -> PolicyDocument.parse("{\"Statement\":[{\"Effect\":\"Deny\",\"Effect\":\"Allow\","
                + "\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}"))
                .isInstanceOf(PolicyParseException.class).hasMessageContaining("Duplicate field 'Effect'");
    }

    @Test
    void foreignNumbersAndStringsRoundTripUnchanged() {
        String text = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Quota\",\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"s3:PutObject\",\"Resource\":\"*\",\"Condition\":{\"NumericGreaterThan\":"
                + "{\"s3:content-length\":1.50E+10},\"StringEquals\":{\"aws:UserAgent\":\"caf\\u00e9\\/1.0\"}}}]}";

        String written = PolicyDocument.parse(text).toJson();

        assertThat(written).contains("1.50E+10").isEqualTo(PolicyDocument.parse(written).toJson());
        assertThat(PolicyDocument.parse(written).json()).isEqualTo(PolicyDocument.parse(text).json());
    }

    @Test
    void rejectsTextThatIsNotJson() {
        assertThatThrownBy(() -> PolicyDocument.parse("{\"Version\": "))
                .isInstanceOf(PolicyParseException.class)
                .hasMessageStartingWith("policy is not valid JSON: ");
        assertThatThrownBy(() -> PolicyDocument.parse("{} trailing"))
                .hasMessageStartingWith("policy is not valid JSON: ");
    }

    @Test
    void rejectsEmptyText() {
        assertThatThrownBy(() -> PolicyDocument.parse("  ")).hasMessage("policy is empty");
    }

    @Test
    void rejectsAJsonArray() {
        assertThatThrownBy(() -> PolicyDocument.parse("[{\"Statement\":[]}]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policy must be a JSON object, but it is a list");
    }

    @Test
    void rejectsAPolicyWithoutStatement() {
        assertThatThrownBy(() -> PolicyDocument.parse(json("{'Version':'2012-10-17'}")))
                .hasMessage("policy has no Statement");
    }

    @Test
    void rejectsAStatementThatIsNotAnObject() {
        assertThatThrownBy(() -> PolicyDocument.parse(json("{'Statement':'Allow everything'}")))
                .hasMessage("policy Statement must be an object or a list of objects, but it is a string");
        assertThatThrownBy(() -> Fixtures.policy("{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*'}", "42"))
                .hasMessage("statement #2 is not an object");
    }

    @Test
    void rejectsAStatementWithoutEffect() {
        assertThatThrownBy(() -> Fixtures.policy(
                "{'Sid':'A','Effect':'Allow','Principal':'*','Action':'*','Resource':'*'}",
                "{'Sid':'B','Principal':'*','Action':'*','Resource':'*'}"))
                .hasMessage("statement #2 has no Effect (expected Allow or Deny)");
    }

    @Test
    void rejectsAnEffectOtherThanAllowOrDeny() {
        assertThatThrownBy(() -> Fixtures.policy("{'Effect':'Permit','Principal':'*','Action':'*','Resource':'*'}"))
                .hasMessage("statement #1 has Effect 'Permit'; expected Allow or Deny");
    }

    @Test
    void rejectsMalformedElements() {
        assertThatThrownBy(() -> Fixtures.policy("{'Effect':'Allow','Principal':'*','Action':7,'Resource':'*'}"))
                .hasMessage("statement #1 Action must be a string or a list of strings");
        assertThatThrownBy(() -> Fixtures.policy(
                "{'Effect':'Allow','Principal':'*','Action':'*','NotAction':'s3:*','Resource':'*'}"))
                .hasMessage("statement #1 has both Action and NotAction");
        assertThatThrownBy(() -> Fixtures.policy("{'Effect':'Allow','Principal':'everyone','Action':'*','Resource':'*'}"))
                .hasMessage("statement #1 Principal must be \"*\" or an object such as {\"Service\": \"...\"}");
        assertThatThrownBy(() -> Fixtures.policy(
                "{'Effect':'Allow','Principal':'*','Action':'*','Resource':'*','Condition':{'StringEquals':'x'}}"))
                .hasMessage("statement #1: Condition operator StringEquals must map condition keys to values");
        assertThatThrownBy(() -> Fixtures.policy("{'Sid':1,'Effect':'Allow','Principal':'*','Action':'*','Resource':'*'}"))
                .hasMessage("statement #1 has a Sid that is not a string");
    }
}
