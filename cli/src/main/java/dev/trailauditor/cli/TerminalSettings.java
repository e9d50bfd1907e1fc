package dev.trailauditor.cli;

import dev.trailauditor.config.ConfigLoader;
import dev.trailauditor.config.Mode;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings of a terminal run, as ConfigLoader reads them: the environment, overridden by the
 * config file, with the terminal's own rules on top.
 */
final class TerminalSettings {
    private TerminalSettings() {}

    /**
     * @param repair false: a dry run whatever the config says (both modes audit); true: the config's
     *               modes, an unset one meaning repair (asking for --repair is asking for repairs).
     *               Either way a mode that is neither audit nor repair is kept, for ConfigLoader to refuse.
     */
    static Map<String, String> of(Map<String, String> environment, Map<String, String> file, boolean repair) {
        Map<String, String> settings = new HashMap<>(environment);
        settings.putAll(file);
        for (String mode : new String[] {ConfigLoader.CENTRAL_POLICY_MODE, ConfigLoader.TRAIL_MODE}) {
            String value = settings.get(mode);
            if (value != null && !value.isBlank() && Mode.parse(value).isEmpty()) {
                continue; // left as written, so ConfigLoader reports it: a dry run is no reason to accept a typo
            }
            if (!repair) {
                settings.put(mode, Mode.AUDIT.id());
            } else if (value == null || value.isBlank()) {
                settings.put(mode, Mode.REPAIR.id());
            }
        }
        // A workstation run prints its report; mailing the team is the nightly job's.
        settings.remove(ConfigLoader.REPORT_TOPIC_ARN);
        return settings;
    }
}
