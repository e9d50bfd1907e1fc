package dev.trailauditor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** LOG_RETENTION_DAYS: a year unless set, a whole number of days, checked before any AWS call. */
class LogRetentionSettingTest {
    private static AuditConfig load(Map<String, String> env) {
        return ConfigLoader.load(env, name -> {
            throw new AssertionError("no AWS call for this configuration");
        });
    }

    @Test
    void unsetOrEmptyIsAYear() {
        Map<String, String> env = ConfigLoaderTest.validEnv();
        assertThat(load(env).logRetentionDays()).isEqualTo(365).isEqualTo(AuditConfig.DEFAULT_LOG_RETENTION_DAYS);
        env.put(ConfigLoader.LOG_RETENTION_DAYS, "");
        assertThat(load(env).logRetentionDays()).isEqualTo(365);
        env.put(ConfigLoader.LOG_RETENTION_DAYS, " 2555 ");
        assertThat(load(env).logRetentionDays()).isEqualTo(2555);
    }

    @Test
    void anythingButOneToHundredYearsOfDaysIsNamedWithWhatItMustBe() {
        for (String bad : new String[] {"0", "-30", "36501", "1y", "30.5"}) {
            Map<String, String> env = ConfigLoaderTest.validEnv();
            env.put(ConfigLoader.LOG_RETENTION_DAYS, bad);
            assertThatThrownBy(() -> load(env)).isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).problems())
                            .containsExactly("LOG_RETENTION_DAYS='" + bad + "' must be a whole number from 1 to 36500"));
        }
    }
}
