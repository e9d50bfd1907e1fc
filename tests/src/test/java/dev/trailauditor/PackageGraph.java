package dev.trailauditor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which package of dev.trailauditor uses which, read from the sources: every import (plain, static or
 * wildcard) and every fully qualified name in code, comments left out. The root package is "(root)".
 */
final class PackageGraph {
    static final String ROOT = "(root)";
    private static final String BASE = "dev.trailauditor";
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** dev.trailauditor, its lower-case sub-packages, then a class name or '*': the sub-packages are the package used. */
    private static final Pattern REFERENCE =
            Pattern.compile("\\bdev\\.trailauditor((?:\\.[a-z_][a-z0-9_]*)*)\\.(?:[A-Z]|\\*)");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    private final Map<String, Set<String>> uses = new TreeMap<>();

    /** The graph of every .java file under these source roots (one per module). */
    static PackageGraph ofSources(Path... sourceRoots) {
        PackageGraph graph = new PackageGraph();
        for (Path sourceRoot : sourceRoots) {
            try (Stream<Path> files = Files.walk(sourceRoot)) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(file -> graph.addSource(read(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return graph;
    }

    /** Adds one compilation unit: its package uses every project package it names outside comments. */
    void addSource(String source) {
        Matcher declared = PACKAGE.matcher(source);
        if (!declared.find()) {
            throw new IllegalArgumentException("no package declaration in:\n" + source);
        }
        String declaredName = declared.group(1);
        if (!declaredName.equals(BASE) && !declaredName.startsWith(BASE + ".")) {
            throw new IllegalArgumentException("not a package of " + BASE + ": " + declaredName);
        }
        String from = name(declaredName.substring(BASE.length()));
        Set<String> used = uses.computeIfAbsent(from, p -> new TreeSet<>());
        Matcher reference = REFERENCE.matcher(COMMENT.matcher(source.substring(declared.end())).replaceAll(" "));
        while (reference.find()) {
            String to = name(reference.group(1));
            if (!to.equals(from)) {
                used.add(to);
            }
        }
    }

    void addEdge(String from, String to) {
        uses.computeIfAbsent(from, p -> new TreeSet<>()).add(to);
    }

    Set<String> packages() {
        return uses.keySet();
    }

    Set<String> uses(String from) {
        return uses.getOrDefault(from, Set.of());
    }

    /** Packages that use this one. */
    Set<String> usersOf(String to) {
        Set<String> users = new TreeSet<>();
        uses.forEach((from, targets) -> {
            if (targets.contains(to)) {
                users.add(from);
            }
        });
        return users;
    }

    /**
     * Every cycle through an edge, each once, written "a -> b -> a" from its alphabetically first
     * package along the shortest way back: one per edge that can be returned from.
     */
    List<String> cycles() {
        Set<String> cycles = new LinkedHashSet<>();
        uses.forEach((from, targets) -> targets.forEach(to ->
                shortestPath(to, from).ifPresent(back -> {
                    List<String> cycle = new ArrayList<>();
                    cycle.add(from);
                    cycle.addAll(back.subList(0, back.size() - 1));
                    cycles.add(written(cycle));
                })));
        return List.copyOf(new TreeSet<>(cycles));
    }

    /** One line per package: "a -> b, c". */
    String describe() {
        StringBuilder text = new StringBuilder();
        uses.forEach((from, targets) -> text.append(from).append(" -> ").append(String.join(", ", targets)).append('\n'));
        return text.toString();
    }

    private Optional<List<String>> shortestPath(String start, String goal) {
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        cameFrom.put(start, start);
        while (!queue.isEmpty()) {
            String at = queue.removeFirst();
            if (at.equals(goal)) {
                List<String> path = new ArrayList<>();
                for (String step = goal; !step.equals(start); step = cameFrom.get(step)) {
                    path.add(0, step);
                }
                path.add(0, start);
                return Optional.of(path);
            }
            for (String next : uses(at)) {
                if (cameFrom.putIfAbsent(next, at) == null) {
                    queue.addLast(next);
                }
            }
        }
        return Optional.empty();
    }

    /** Rotated to start at its alphabetically first package, so the same cycle is written once. */
    private static String written(List<String> cycle) {
        int first = cycle.indexOf(new TreeSet<>(cycle).first());
        List<String> rotated = new ArrayList<>(cycle.subList(first, cycle.size()));
        rotated.addAll(cycle.subList(0, first));
        rotated.add(rotated.get(0));
        return String.join(" -> ", rotated);
    }

    private static String name(String subPackages) {
        return subPackages.isEmpty() ? ROOT : subPackages.substring(1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
