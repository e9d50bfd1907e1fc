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
