package dev.trailauditor.aws;

import dev.trailauditor.config.ConfigException;
import dev.trailauditor.config.ConfigLoader;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/** Reads the member registry from SSM Parameter Store. */
public final class SsmParameters {
    /** What reading the registry needs of the function's role. */
    public static final String PERMISSION = "ssm:GetParameter";

    private SsmParameters() {}

    public static ConfigLoader.ParameterReader reader(SsmClient ssm) {
        return name -> {
            try {
                return Optional.of(ssm.getParameter(r -> r.name(name)).parameter().value());
            } catch (ParameterNotFoundException e) {
                return Optional.empty();
            } catch (RuntimeException e) {
                throw new ConfigException(List.of(ConfigLoader.MEMBER_REGISTRY_PARAMETER + "='" + name
                        + "' could not be read: " + Failures.describe(e)));
            }
        };
    }
}
