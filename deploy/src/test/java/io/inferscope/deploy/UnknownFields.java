package io.inferscope.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds fields that fabric8 did not recognize in a typed resource. fabric8 does not refuse an
 * unknown field: it keeps it in the object's {@code additionalProperties}. A misspelt field (say
 * {@code readOnlyRootFileSystem}) would be silently ignored by the API server too, so an empty
 * {@code additionalProperties} everywhere is the check that the manifest means what it says.
 */
final class UnknownFields {
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

    private UnknownFields() {}

    /** Paths such as {@code spec.template.spec.containers[0].securityContext.readOnlyRootFs}. */
    static List<String> of(Object resource) {
        List<String> out = new ArrayList<>();
        walk(resource, "", out);
        return out;
    }

    private static void walk(Object value, String path, List<String> out) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", out);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "[" + k + "]", out));
            return;
        }
        if (!value.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return; // strings, numbers, enums
        }
        for (Method m : value.getClass().getMethods()) {
            if (m.getParameterCount() != 0
                    || Modifier.isStatic(m.getModifiers())
                    || !m.getName().startsWith("get")
                    || m.getName().equals("getClass")) {
                continue;
            }
            Object child = invoke(m, value);
            String field = decapitalize(m.getName().substring(3));
            if (m.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> out.add(join(path, String.valueOf(k))));
                }
                continue;
            }
            walk(child, join(path, field), out);
        }
    }

    private static Object invoke(Method m, Object target) {
        try {
            return m.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + m, e);
        }
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String decapitalize(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
