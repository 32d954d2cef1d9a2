package dev.concord.controller.moderation;

import dev.concord.controller.ControllerException;
import dev.concord.controller.EditOp;
import dev.concord.controller.EditRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hook against a real HTTP server speaking the OpenAI moderation API (no Quarkus): what it
 * sends, how it reads the categories, fail closed and fail open. The workflow through the API is
 * {@link ModerationWorkflowTest}.
 */
class ProviderModerationTest {
    private static FakeModerationProvider provider;

    @BeforeAll
    static void start() throws Exception {
        provider = new FakeModerationProvider(FakeModerationProvider.freePort()).start();
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    private static EditRequest assertion(String subject, String object, String text) {
        return new EditRequest(subject, "wife", object, null, EditOp.ASSERT, text);
    }

    private static ProviderModeration hook(String baseUrl, boolean failOpen) {
        return new ProviderModeration(new ProviderModeration.Settings(baseUrl, "secret-key", "omni-moderation-latest",
                Duration.ofSeconds(2), failOpen));
    }

    @Test
    void sendsTheTextAndTheTripleAsASentenceWithTheKeyAndModel() {
        int before = provider.received().size();
        Optional<String> flag = hook(provider.baseUrl(), false).flag(assertion("Ann_Lee", "Bo_Lee", "Ann is married to Bo"));
        assertEquals(Optional.empty(), flag);
        assertEquals(before + 1, provider.received().size());
        FakeModerationProvider.Received r = provider.received().get(before);
        assertEquals("Bearer secret-key", r.authorization());
        assertEquals("omni-moderation-latest", r.body().path("model").asText());
        assertEquals("Ann is married to Bo", r.body().path("input").get(0).asText());
        assertEquals("Ann Lee wife Bo Lee", r.body().path("input").get(1).asText());
    }

    @Test
    void flaggedAnswerGivesAReasonWithTheProvidersCategories() {
        Optional<String> flag = hook(provider.baseUrl(), false)
                .flag(assertion("Ann_Lee", FakeModerationProvider.ABUSIVE + "_Lee", null));
        assertEquals(Optional.of("the moderation provider flagged it (harassment, hate)"), flag);
    }

    @Test
    void categoriesAreReadFromEveryResult() {
        String body = "{\"results\":[{\"flagged\":false,\"categories\":{\"hate\":false}},"
                + "{\"flagged\":true,\"categories\":{\"violence\":true,\"hate\":false,\"sexual\":true}}]}";
        assertEquals(Set.of("violence", "sexual"), ProviderModeration.categories(body));
        assertEquals(Set.of(), ProviderModeration.categories("not json"));
        assertEquals(Set.of(), ProviderModeration.categories(null));
    }

    @Test
    void providerErrorFailsClosedByDefaultAndOpenWhenConfigured() {
        EditRequest request = assertion("Ann_Lee", FakeModerationProvider.BROKEN, null);
        Optional<String> closed = hook(provider.baseUrl(), false).flag(request);
        assertTrue(closed.isPresent() && closed.get().startsWith("moderation unavailable: "), "found " + closed);
        assertTrue(closed.get().contains("overloaded"), "the provider's message is kept, found " + closed);
        assertEquals(Optional.empty(), hook(provider.baseUrl(), true).flag(request));
    }

    @Test
    void aProviderSlowerThanTheTimeoutCountsAsUnavailable() {
        ProviderModeration hook = new ProviderModeration(new ProviderModeration.Settings(provider.baseUrl(), "k", null,
                Duration.ofMillis(500), false));
        Optional<String> flag = hook.flag(assertion("Ann_Lee", FakeModerationProvider.SLOW, null));
        // the provider would have said "not flagged" after 5 s: a reason now means the timeout fired
        assertTrue(flag.isPresent() && flag.get().startsWith("moderation unavailable: "), "found " + flag);
    }

    @Test
    void aNonPositiveTimeoutIsRefused() {
        assertThrows(ControllerException.class, () -> new ProviderModeration.Settings("http://x", null, null, Duration.ZERO, false));
    }

    @Test
    void unreachableProviderFailsClosedByDefaultAndOpenWhenConfigured() {
        String nobody = "http://127.0.0.1:" + FakeModerationProvider.freePort() + "/v1";
        EditRequest request = assertion("Ann_Lee", "Bo_Lee", null);
        Optional<String> closed = hook(nobody, false).flag(request);
        assertTrue(closed.isPresent() && closed.get().startsWith("moderation unavailable: "), "found " + closed);
        assertEquals(Optional.empty(), hook(nobody, true).flag(request));
    }

    @Test
    void withoutABaseUrlTheHookIsOffAndAsksNobody() {
        int before = provider.received().size();
        ProviderModeration off = hook(" ", false);
        assertEquals(false, off.enabled());
        assertEquals(Optional.empty(), off.flag(assertion("Ann_Lee", FakeModerationProvider.ABUSIVE, null)));
        assertEquals(before, provider.received().size());
    }
}
