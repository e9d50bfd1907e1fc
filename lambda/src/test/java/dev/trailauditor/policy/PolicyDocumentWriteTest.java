package dev.trailauditor.policy;

import static dev.trailauditor.policy.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDocumentWriteTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void toJsonIsCompactAndKeepsEveryFieldInItsOrder() {
        String text = json("{'Id':'k', 'Version':'2012-10-17', 'Statement':[ {'Resource':'*','Effect':'Allow',"
                + "'Principal':{'AWS':['arn:aws:iam::123456789012:root']}, 'Action':'kms:*','Custom':[1,true,null]} ],"
                + " 'Extra':{'b':1,'a':2}}");

        assertThat(PolicyDocument.parse(text).toJson()).isEqualTo(text.replace(" ", ""));
    }

    @Test
    void sizeCountsUtf8BytesOfTheCompactJson() {
        PolicyDocument policy = Fixtures.policy("{'Sid':'Zugriff für Prüfer','Effect':'Allow','Principal':'*',"
                + "'Action':'s3:*','Resource':'*'}");

        assertThat(policy.sizeBytes()).isEqualTo(policy.toJson().length() + 2); // ü and ü take two bytes each
        assertThat(policy.sizeBytes()).isEqualTo(policy.toJson().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void anUnpairedSurrogateSurvivesTheWriteAsUtf8Exactly() {
        String sid = "Review\uD800 by hand \uD83D\uDE00 ok";
        PolicyDocument policy = PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":"
                + MAPPER.valueToTree(sid) + ",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}");

        String written = policy.toJson();
        // What the SDK does with the text: send it as UTF-8; what S3 or KMS gives back, decoded again.
        String roundTrip = new String(written.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);

        assertThat(PolicyDocument.parse(roundTrip).statements().get(0).sid()).isEqualTo(sid);
        assertThat(written).contains("\\ud800").contains("by hand");
        assertThat(PolicyDocument.parse(written).toJson()).isEqualTo(written);
    }

    @Test
    void withStatementsKeepsVersionIdAndOtherFieldsInPlace() throws Exception {
        PolicyDocument seed = Fixtures.seed("key-policy.json");
        ObjectNode added = (ObjectNode) MAPPER.readTree(json(
                "{'Sid':'New','Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*'}"));

        PolicyDocument changed = seed.withStatements(List.of(seed.statements().get(0).json(), added));

        assertThat(changed.version()).isEqualTo("2012-10-17");
        assertThat(changed.id()).isEqualTo("Key policy created by CloudTrail");
        assertThat(changed.statements()).extracting(Statement::sid).containsExactly("Enable IAM User Permissions", "New");
        assertThat(changed.toJson()).startsWith("{\"Version\":\"2012-10-17\",\"Id\":\"Key policy created by CloudTrail\","
                + "\"Statement\":[{\"Sid\":\"Enable IAM User Permissions\"");
        assertThat(seed.statements()).hasSize(6); // the original is untouched
    }

    @Test
    void aSingleStatementObjectBecomesAListWhenRewritten() {
        PolicyDocument single = PolicyDocument.parse(json(
                "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'*'}}"));

        PolicyDocument rewritten = single.withStatements(single.statementJson());

        assertThat(rewritten.toJson()).isEqualTo(json(
                "{'Version':'2012-10-17','Statement':[{'Effect':'Allow','Principal':'*','Action':'s3:*','Resource':'*'}]}"));
    }

    @Test
    void theEmptyPolicyHasTheCurrentVersionAndNoId() {
        PolicyDocument empty = PolicyDocument.empty();

        assertThat(empty.toJson()).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[]}");
        assertThat(empty.sizeBytes()).isEqualTo(39);
        assertThat(empty.id()).isNull();
    }
}
