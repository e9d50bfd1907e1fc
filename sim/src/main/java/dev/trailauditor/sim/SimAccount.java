package dev.trailauditor.sim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** One AWS account of the fleet and the resources in it. Setup methods get-or-create. */
public final class SimAccount {
    /** An SSM String parameter. */
    record Parameter(String name, String value, Instant lastModified) {
    }

    private final Fleet fleet;
    private final String id;
    private final Map<String, SimRole> roles = new ConcurrentHashMap<>();
    private final Map<String, SimTrail> trails = new ConcurrentHashMap<>();
    private final Map<String, SimKey> keys = new ConcurrentHashMap<>();
    private final Map<String, SimTopic> topics = new ConcurrentHashMap<>();
    private final Map<String, SimQueue> queues = new ConcurrentHashMap<>();
    private final Map<String, Parameter> parameters = new ConcurrentHashMap<>();
    private final Map<String, SimEventBus> eventBuses = new ConcurrentHashMap<>();
    private final AtomicInteger keyCounter = new AtomicInteger();
    private volatile boolean assumeRoleDenied;

    SimAccount(Fleet fleet, String id) {
        this.fleet = fleet;
        this.id = id;
    }

    public String id() {
        return id;
    }

    public SimRole role(String roleName) {
        return roles.computeIfAbsent(roleName, n -> new SimRole(id, n));
    }

    /** Every AssumeRole into this account fails with AccessDenied, whatever roles exist. */
    public SimAccount denyAssumeRole() {
        assumeRoleDenied = true;
        return this;
    }

    /** Trails are identified by name and home region, as in AWS. */
    public SimTrail trail(String name, String homeRegion) {
        return trails.computeIfAbsent(trailKey(name, homeRegion), k -> new SimTrail(id, name, homeRegion, fleet.clock()));
    }

    /** Removes a trail, as someone deleting it by hand would. */
    public SimAccount deleteTrail(String name, String homeRegion) {
        trails.remove(trailKey(name, homeRegion));
        return this;
    }

    public SimBucket bucket(String name) {
        return fleet.bucket(name, id);
    }

    /** Deletes a bucket of this account, as someone cleaning up by hand would: S3 then answers NoSuchBucket. */
    public SimAccount deleteBucket(String name) {
        fleet.deleteBucket(name, id);
        return this;
    }

    /** A new key with a generated (deterministic) id. */
    public SimKey kmsKey(String region) {
        String seed = id + "/" + region + "/" + keyCounter.incrementAndGet();
        return kmsKey(region, UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString());
    }

    public SimKey kmsKey(String region, String keyId) {
        return keys.computeIfAbsent(region + "/" + keyId, k -> new SimKey(id, region, keyId, fleet.clock().instant()));
    }

    public SimTopic snsTopic(String region, String name) {
        SimTopic topic = new SimTopic(region, id, name);
        return topics.computeIfAbsent(topic.arn(), a -> topic);
    }

    /** A custom event bus, by region and name, with no policy until one is put. */
    public SimEventBus eventBus(String region, String name) {
        return eventBuses.computeIfAbsent(region + "/" + name, k -> new SimEventBus(id, region, name));
    }

    /** An SQS queue, by region and name; its URL is SQS's ({@link SimQueue#url()}). */
    public SimQueue sqsQueue(String region, String name) {
        return queues.computeIfAbsent(region + "/" + name, k -> new SimQueue(id, region, name, fleet.clock()));
    }

    Optional<SimQueue> findQueue(String region, String name) {
        return Optional.ofNullable(queues.get(region + "/" + name));
    }

    public SimAccount ssmParameter(String region, String name, String value) {
        parameters.put(region + "/" + name, new Parameter(name, value, fleet.clock().instant()));
        return this;
    }

    boolean assumeRoleDenied() {
        return assumeRoleDenied;
    }

    Optional<SimRole> findRole(String roleName) {
        return Optional.ofNullable(roles.get(roleName));
    }

    Optional<SimTrail> findTrail(String name, String homeRegion) {
        return Optional.ofNullable(trails.get(trailKey(name, homeRegion)));
    }

    /** Removes nothing; a new trail only if none has this name in this home region. */
    Optional<SimTrail> createTrail(String name, String homeRegion) {
        SimTrail fresh = new SimTrail(id, name, homeRegion, fleet.clock());
        return trails.putIfAbsent(trailKey(name, homeRegion), fresh) == null ? Optional.of(fresh) : Optional.empty();
    }

    List<SimTrail> trails() {
        return List.copyOf(trails.values());
    }

    Optional<SimKey> findKey(String region, String keyId) {
        return Optional.ofNullable(keys.get(region + "/" + keyId));
    }

    Optional<SimTopic> findTopic(String arn) {
        return Optional.ofNullable(topics.get(arn));
    }

    Optional<SimEventBus> findEventBus(String region, String name) {
        return Optional.ofNullable(eventBuses.get(region + "/" + name));
    }

    Optional<Parameter> findParameter(String region, String name) {
        return Optional.ofNullable(parameters.get(region + "/" + name));
    }

    private static String trailKey(String name, String homeRegion) {
        return homeRegion + "/" + name;
    }
}
