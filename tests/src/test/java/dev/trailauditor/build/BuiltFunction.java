package dev.trailauditor.build;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs in a JVM of its own, the way Lambda's Java runtime runs a function: the handler is loaded
 * from the built function directory alone (classes at its root, every jar in {@code lib/}) in a
 * class loader that sees nothing of this project's class path; each event file is read with
 * Lambda's serializer into the handler's input type; the result is written as the runtime
 * serialises it, or what was thrown. The handler reads its settings from this process's environment.
 *
 * <p>Arguments: the built function directory, an output directory, then event files. For each event
 * {@code <name>.json} (the result) or {@code <name>.error} (class and message of what was thrown)
 * appears in the output directory, and {@code handler-location} says where the handler class came from.
 */
public final class BuiltFunction {
    static final String HANDLER = "dev.trailauditor.AuditHandler";

    private BuiltFunction() {}

    public static void main(String[] args) throws Exception {
        Path function = Path.of(args[0]);
        Path out = Path.of(args[1]);
        try (URLClassLoader loader = new URLClassLoader(classPath(function), ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> handlerClass = loader.loadClass(HANDLER);
            Files.writeString(out.resolve("handler-location"),
                    Path.of(handlerClass.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            Object handler = handlerClass.getConstructor().newInstance();
            Method handle = Arrays.stream(handlerClass.getMethods())
                    .filter(m -> m.getName().equals("handleRequest") && !m.isBridge())
                    .findFirst().orElseThrow();
            java.lang.reflect.Type input = handle.getGenericParameterTypes()[0];
            for (String event : Arrays.asList(args).subList(2, args.length)) {
                String name = Path.of(event).getFileName().toString().replaceFirst("\\.json$", "");
                invoke(handler, handle, input, loader, Path.of(event), out, name);
            }
        }
    }

    private static URL[] classPath(Path function) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(function.toUri().toURL());
        try (Stream<Path> jars = Files.list(function.resolve("lib"))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }

    @SuppressWarnings("unchecked")
    private static void invoke(Object handler, Method handle, java.lang.reflect.Type input, ClassLoader loader, Path event,
                               Path out, String name) throws Exception {
        Object request;
        try (InputStream in = Files.newInputStream(event)) {
            request = serializer(input, loader).fromJson(in);
        }
        try {
            Object result = handle.invoke(handler, request, null);
            PojoSerializer<Object> serializer = (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(result.getClass());
            try (OutputStream file = Files.newOutputStream(out.resolve(name + ".json"))) {
                serializer.toJson(result, file);
            }
        } catch (InvocationTargetException e) {
            Files.writeString(out.resolve(name + ".error"), e.getCause().getClass().getName() + ": " + e.getCause().getMessage());
        }
    }

    /**
     * As Lambda's Java runtime picks it (its EventHandlerLoader): an aws-lambda-java-events class gets that library's
     * serializer, any other input type the default Jackson one.
     */
    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializer(java.lang.reflect.Type input, ClassLoader loader) {
        if (input instanceof Class<?> type && LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type, loader);
        }
        return JacksonFactory.getInstance().getSerializer(input);
    }
}
