package dev.trailauditor.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.InvalidParameterException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

class SimSnsAndSsmClientTest {
    static final String AUDIT = "111111111111";

    Fleet fleet;
    SimTopic topic;
    SnsClient sns;

    @BeforeEach
    void setUp() {
        fleet = new Fleet();
        topic = fleet.account(AUDIT).snsTopic("us-east-1", "trail-auditor-alerts");
        sns = fleet.sns(AUDIT, "us-east-1");
    }

    @Test
    void publishedMessagesAreKept() {
        String id = sns.publish(r -> r.topicArn(topic.arn()).subject("Trail Auditor: 2 FAIL").message("body")).messageId();

        assertThat(topic.messages()).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo(id);
            assertThat(m.subject()).isEqualTo("Trail Auditor: 2 FAIL");
            assertThat(m.body()).isEqualTo("body");
        });
    }

    @Test
    void subjectMustBeUnder100CharactersOnOneLine() {
        sns.publish(r -> r.topicArn(topic.arn()).subject("s".repeat(99)).message("ok"));

        for (String bad : new String[] {"s".repeat(100), "two\nlines", ""}) {
            assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topic.arn()).subject(bad).message("ok")))
                    .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameter");
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid parameter: Subject");
                    });
        }
        assertThat(topic.messages()).hasSize(1);
    }

    @Test
    void messageMustFitIn256KiBOfUtf8() {
        sns.publish(r -> r.topicArn(topic.arn()).message("a".repeat(SimSnsClient.MAX_MESSAGE_BYTES)));
        // 131,073 two-byte characters: under the limit in chars, over it in bytes.
        String multiByte = "é".repeat(SimSnsClient.MAX_MESSAGE_BYTES / 2 + 1);

        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topic.arn()).message(multiByte)))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Message too long");
    }

    @Test
    void unknownTopicIsNotFound() {
        assertThatThrownBy(() -> sns.publish(r -> r.topicArn(topic.arn() + "-gone").message("x")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotFound");
                    assertThat(e.statusCode()).isEqualTo(404);
                });
    }

    @Test
    void ssmParameterIsReadOrNotFound() {
        fleet.account(AUDIT).ssmParameter("us-east-1", "/trail-auditor/members", "[{\"accountId\":\"222222222222\"}]");
        var ssm = fleet.ssm(AUDIT, "us-east-1");

        assertThat(ssm.getParameter(r -> r.name("/trail-auditor/members")).parameter().value()).contains("222222222222");
        assertThatThrownBy(() -> ssm.getParameter(r -> r.name("/missing")))
                .isInstanceOfSatisfying(ParameterNotFoundException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ParameterNotFound"));
        assertThatThrownBy(() -> fleet.ssm(AUDIT, "eu-west-1").getParameter(r -> r.name("/trail-auditor/members")))
                .isInstanceOf(ParameterNotFoundException.class);
    }
}
