package dev.trailauditor.cli;

import dev.trailauditor.aws.AwsClients;
import dev.trailauditor.aws.SdkClients;
import java.util.Map;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Reaches AWS from a workstation: the default credential chain (or the named profile), checked
 * with STS GetCallerIdentity before the audit starts, so a credential problem is one clear line
 * instead of every account reported unreachable.
 */
final class Workstation {
    /** The member role sessions a terminal run opens: told apart from the function's in the members' CloudTrail logs. */
    static final String SESSION_NAME = "TrailAuditorCli";

    private Workstation() {}

    static AwsClients connect(Map<String, String> settings) {
        String profile = settings.get("AWS_PROFILE");
        if (profile != null && !profile.isBlank() && ProfileFile.defaultProfileFile().profile(profile.trim()).isEmpty()) {
            throw new IllegalArgumentException("unknown AWS profile '" + profile.trim()
                    + "': not in ~/.aws/config or ~/.aws/credentials (aws configure list-profiles shows them)");
        }
        SdkClients clients = new SdkClients(settings, SESSION_NAME);
        try {
            clients.callerArn();
            return clients;
        } catch (RuntimeException e) {
            clients.close();
            throw ErrorMessages.reaching(stsEndpoint(settings), e);
        }
    }

    /** The endpoint the first call went to: the one the environment sets for STS, or STS's own in the region. */
    private static String stsEndpoint(Map<String, String> settings) {
        for (String variable : new String[] {"AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"}) {
            String endpoint = settings.get(variable);
            if (endpoint != null && !endpoint.isBlank()) {
                return endpoint.trim() + " (" + variable + ")";
            }
        }
        return "of STS in " + SdkClients.functionRegion(settings);
    }
}
