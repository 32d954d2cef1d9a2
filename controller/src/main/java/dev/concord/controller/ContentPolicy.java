package dev.concord.controller;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The POLICY check: a configurable list of words and patterns (concord.policy.words,
 * concord.policy.patterns), then every {@link ModerationHook} bean.
 */
@ApplicationScoped
public class ContentPolicy {
    private final List<String> words = new ArrayList<>();
    private final List<Pattern> wordPatterns = new ArrayList<>();
    private final List<Pattern> patterns = new ArrayList<>();
    private final Iterable<ModerationHook> hooks;

    @Inject
    public ContentPolicy(ConcordConfig config, Instance<ModerationHook> hooks) {
        this(config.policy().words(), config.policy().patterns(), hooks);
    }

    /** A policy over these words (whole words, any case) and patterns (regular expressions), then the hooks. */
    public ContentPolicy(List<String> wordList, List<String> patternList, Iterable<ModerationHook> hooks) {
        this.hooks = hooks;
        for (String w : wordList) {
            if (!w.isBlank()) {
                words.add(w.strip().toLowerCase(Locale.ROOT));
                wordPatterns.add(Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(w.strip().toLowerCase(Locale.ROOT)) + "(?![\\p{L}\\p{N}])"));
            }
        }
        for (String p : patternList) {
            if (!p.isBlank()) {
                patterns.add(Pattern.compile(p.strip(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            }
        }
    }

    /** A POLICY conflict when the request's text or triple is flagged. */
    public Optional<Conflict> check(EditRequest request) {
        String all = String.join(" ", request.text() == null ? "" : request.text(),
                request.subject(), request.relation(), request.object()).replace('_', ' ');
        String lower = all.toLowerCase(Locale.ROOT);
        for (int i = 0; i < words.size(); i++) {
            if (wordPatterns.get(i).matcher(lower).find()) {
                return Optional.of(conflict("the word '" + words.get(i) + "' is on the content policy list"));
            }
        }
        for (Pattern p : patterns) {
            if (p.matcher(all).find()) {
                return Optional.of(conflict("the text matches the content policy pattern '" + p.pattern() + "'"));
            }
        }
        for (ModerationHook hook : hooks) {
            Optional<String> reason = hook.flag(request);
            if (reason.isPresent()) {
                return Optional.of(conflict(reason.get()));
            }
        }
        return Optional.empty();
    }

    private static Conflict conflict(String detail) {
        return new Conflict(ConflictKind.POLICY, detail, List.of());
    }
}
