package io.micropool.core;

import io.micropool.usage.PlainUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the library in a fresh JVM of the JDK running the tests, with no JVM option at all, on the module
 * path (as a modular application would) and on the class path: it must work and print no warning.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NoJvmFlagsTest {
    @Test
    void runsOnTheClassPathWithNoFlagAndNoWarning() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PlainUser.class.getName());
        assertCleanRun(command);
    }

    @Test
    void runsOnTheModulePathWithNoFlagAndNoWarning() throws Exception {
        String classPath = System.getProperty("java.class.path");
        List<String> modules = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            boolean library = entry.contains("scheduler-api") || entry.endsWith("scheduler-core" + File.separator + "target" + File.separator + "classes")
                || entry.contains("agrona") || entry.contains("jctools");
            (library ? modules : others).add(entry);
        }
        assertTrue(modules.size() >= 4, "api, core, agrona and jctools on the test class path: " + modules);
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("--module-path");
        command.add(String.join(File.pathSeparator, modules));
        command.add("--add-modules");
        command.add("io.micropool.core");
        command.add("-cp");
        command.add(String.join(File.pathSeparator, others));
        command.add(PlainUser.class.getName());
        assertCleanRun(command);
    }

    private static void assertCleanRun(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("micropool-child", ".out");
        Path err = Files.createTempFile("micropool-child", ".err");
        try {
            Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(process.waitFor(90, TimeUnit.SECONDS), "child JVM finished");
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), "exit code; stdout: " + stdout + "; stderr: " + stderr);
            assertEquals("ok", stdout.strip());
            assertEquals("", stderr, "no warning on " + System.getProperty("java.version"));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String javaBinary() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }
}
