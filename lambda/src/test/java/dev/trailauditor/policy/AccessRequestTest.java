package dev.trailauditor.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessRequestTest {
    private static final AccessRequest REQUEST = AccessRequest.of(
                    RequestPrincipal.service("cloudtrail.amazonaws.com"), "s3:PutObject", "arn:aws:s3:::b/k")
            .withContext("aws:SourceArn", "arn:aws:cloudtrail:us-east-1:111111111111:trail/t")
            .withContext("aws:SourceAccount", "111111111111");

    @Test
    void contextLookupIgnoresTheKeysCase() {
        assertThat(REQUEST.contextValues("AWS:SOURCEACCOUNT")).contains(List.of("111111111111"));
        assertThat(REQUEST.contextValues("aws:SecureTransport")).isEmpty();
    }

    @Test
    void manyKeysAtOnceReplaceInPlaceAndAppendTheRestInOrder() {
        Map<String, List<String>> keys = new java.util.LinkedHashMap<>();
        keys.put("aws:SecureTransport", List.of("true"));
        keys.put("AWS:SOURCEACCOUNT", List.of("222222222222"));
        keys.put("aws:CurrentTime", List.of("2026-11-29T03:00:00Z"));

        AccessRequest changed = REQUEST.withContext(keys);

        assertThat(changed.context().keySet())
                .containsExactly("aws:SourceArn", "AWS:SOURCEACCOUNT", "aws:SecureTransport", "aws:CurrentTime");
        assertThat(changed.contextValues("aws:sourceaccount")).contains(List.of("222222222222"));
    }

    @Test
    void withContextReplacesAKeyInPlaceWhateverItsCase() {
        AccessRequest changed = REQUEST.withContext("AWS:SourceArn", "other");

        assertThat(changed.context().keySet()).containsExactly("AWS:SourceArn", "aws:SourceAccount");
        assertThat(changed.contextValues("aws:sourcearn")).contains(List.of("other"));
        assertThat(REQUEST.contextValues("aws:SourceArn")).contains(List.of("arn:aws:cloudtrail:us-east-1:111111111111:trail/t"));
    }

    @Test
    void withoutContextAndWithPrincipalDeriveVariants() {
        AccessRequest variant = REQUEST.withoutContext("AWS:SOURCEARN").withPrincipal(RequestPrincipal.account("999999999999"));

        assertThat(variant.context()).containsOnlyKeys("aws:SourceAccount");
        assertThat(variant.principal()).isEqualTo(RequestPrincipal.account("999999999999"));
        assertThat(variant.describe()).isEqualTo("s3:PutObject on arn:aws:s3:::b/k by account 999999999999");
    }

    /**
     * The keys AWS derives from the caller: KMS adds kms:CallerAccount for an IAM caller
     * (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account),
     * a session's aws:PrincipalArn is its role's ARN
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles),
     * a service also sends aws:PrincipalServiceNamesList. A key the context sets wins.
     */
    @Test
    void derivesThePrincipalKeysAwsSetsForTheCallerAndAction() {
        String key = "arn:aws:kms:us-east-1:111111111111:key/k";
        AccessRequest decrypt = AccessRequest.of(RequestPrincipal.iam("arn:aws:iam::222222222222:role/Reader"), "kms:Decrypt", key);
        AccessRequest bySession = decrypt.withPrincipal(RequestPrincipal.iam("arn:aws:sts::222222222222:assumed-role/Reader/s1"));

        assertThat(decrypt.contextValues("kms:CallerAccount")).contains(List.of("222222222222"));
        assertThat(decrypt.withContext("kms:CallerAccount", "111111111111").contextValues("KMS:CALLERACCOUNT"))
                .contains(List.of("111111111111"));
        assertThat(decrypt.withAction("s3:PutObject").contextValues("kms:CallerAccount")).isEmpty();
        assertThat(decrypt.withPrincipal(RequestPrincipal.service("cloudtrail.amazonaws.com")).contextValues("kms:CallerAccount"))
                .isEmpty();
        assertThat(decrypt.withPrincipal(RequestPrincipal.anonymous()).contextValues("kms:CallerAccount")).isEmpty();
        assertThat(bySession.contextValues("aws:PrincipalArn")).contains(List.of("arn:aws:iam::222222222222:role/Reader"));
        assertThat(decrypt.contextValues("aws:PrincipalArn")).contains(List.of("arn:aws:iam::222222222222:role/Reader"));
        assertThat(REQUEST.contextValues("aws:PrincipalServiceNamesList")).contains(List.of("cloudtrail.amazonaws.com"));
    }

    @Test
    void aKeyWithNoValuesCountsAsAbsent() {
        assertThat(REQUEST.withContext("aws:SourceIp").contextValues("aws:SourceIp")).isEmpty();
    }

    @Test
    void rejectsTheSameKeyTwiceAndAccountsThatAreNotTwelveDigits() {
        assertThatThrownBy(() -> new AccessRequest(RequestPrincipal.service("s"), "a", "r",
                Map.of("aws:SourceArn", List.of("x"), "AWS:SourceArn", List.of("y"))))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> RequestPrincipal.account("1234"))
                .hasMessage("not a 12-digit AWS account id: '1234'");
    }
}
