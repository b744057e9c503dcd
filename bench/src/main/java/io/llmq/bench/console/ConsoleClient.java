package io.llmq.bench.console;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/** A browser's requests without the browser: a console session, then timed page loads. */
final class ConsoleClient {
    private static final Pattern OLDER = Pattern.compile("id=\"older\" rel=\"next\" href=\"([^\"]+)\"");
    private static final Pattern SERVER = Pattern.compile("list;dur=([0-9.]+)");
    private static final int WARM_UP = 10;

    record Timing(int rows, double pageMedianMs, double pageP95Ms, double serverMedianMs, double serverP95Ms) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final String cookie;

    private ConsoleClient(String baseUrl, String cookie) {
        this.baseUrl = baseUrl;
        this.cookie = cookie;
    }

    static ConsoleClient login(String baseUrl, String apiKey) throws Exception {
        var form = "api_key=" + URLEncoder.encode(apiKey, StandardCharsets.UTF_8);
        var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.discarding());
        var cookie = answer.headers().firstValue("Set-Cookie").orElseThrow(() -> new IllegalStateException("login gave no session"));
        return new ConsoleClient(baseUrl, cookie.substring(0, cookie.indexOf(';')));
    }

    /** Follows the 'Older' link {@code pages} times from {@code path}: the path of a page deep in the list. */
    String cursorAfter(String path, int pages) throws Exception {
        for (int i = 0; i < pages; i++) {
            var matcher = OLDER.matcher(get(path).body());
            if (!matcher.find()) {
                break;
            }
            path = matcher.group(1).replace("&amp;", "&");
        }
        return path;
    }

    Timing time(String path, int requests) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            get(path);
        }
        List<Double> page = new ArrayList<>();
        List<Double> server = new ArrayList<>();
        var rows = 0;
        for (int i = 0; i < requests; i++) {
            var began = System.nanoTime();
            var answer = get(path);
            page.add((System.nanoTime() - began) / 1e6);
            var timing = SERVER.matcher(answer.headers().firstValue("Server-Timing").orElse(""));
            server.add(timing.find() ? Double.parseDouble(timing.group(1)) : Double.NaN);
            rows = answer.body().split("<tr class=\"batch\"", -1).length - 1;
        }
        return new Timing(rows, percentile(page, 0.5), percentile(page, 0.95), percentile(server, 0.5), percentile(server, 0.95));
    }

    private HttpResponse<String> get(String path) throws Exception {
        var answer = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Cookie", cookie).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + answer.statusCode());
        }
        return answer;
    }

    private static double percentile(List<Double> values, double q) {
        var sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return Math.round(sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))) * 10) / 10.0;
    }
}
