package dev.trailauditor.check;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.PutEventSelectorsRequest;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;

/**
 * Restores read and write management events in whichever selector kind the trail uses, keeping
 * every data-event selector it already has: management events move into one selector of their own.
 */
final class EventSelectorRepair {
    static final String MANAGEMENT_SELECTOR_NAME = "Management events";

    private EventSelectorRepair() {}

    static PutEventSelectorsRequest restoreManagementEvents(String trailName, GetEventSelectorsResponse current) {
        PutEventSelectorsRequest.Builder request = PutEventSelectorsRequest.builder().trailName(trailName);
        if (current.hasAdvancedEventSelectors() && !current.advancedEventSelectors().isEmpty()) {
            return request.advancedEventSelectors(advanced(current.advancedEventSelectors())).build();
        }
        return request.eventSelectors(basic(current.eventSelectors())).build();
    }

    private static List<AdvancedEventSelector> advanced(List<AdvancedEventSelector> current) {
        List<AdvancedEventSelector> selectors = new ArrayList<>();
        selectors.add(AdvancedEventSelector.builder().name(MANAGEMENT_SELECTOR_NAME)
                .fieldSelectors(AdvancedFieldSelector.builder().field("eventCategory").equalsValue("Management").build())
                .build());
        current.stream().filter(s -> !isManagement(s)).forEach(selectors::add);
        return selectors;
    }

    private static boolean isManagement(AdvancedEventSelector selector) {
        return selector.fieldSelectors().stream()
                .anyMatch(f -> f.field().equals("eventCategory") && f.equalsValue().contains("Management"));
    }

    /** Data resources stay in their selectors, with their read/write type; those selectors stop carrying management events. */
    private static List<EventSelector> basic(List<EventSelector> current) {
        List<EventSelector> selectors = new ArrayList<>();
        selectors.add(EventSelector.builder().readWriteType(ReadWriteType.ALL).includeManagementEvents(true).build());
        current.stream().filter(s -> s.hasDataResources() && !s.dataResources().isEmpty())
                .map(s -> s.toBuilder().includeManagementEvents(false).excludeManagementEventSources(List.of()).build())
                .forEach(selectors::add);
        return selectors;
    }
}
