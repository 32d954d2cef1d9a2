package dev.concord.controller.llm;

import dev.concord.editor.ChatTemplate;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The local instruct model (the GGUF runtime) as a LangChain4j {@link ChatModel}, in process: the
 * request's system and last user message go through the model's own chat template, the answer is
 * greedy and starts with {@code {"intent": "} already written (the interpreter asks for that JSON,
 * and a small model otherwise opens with a code fence or prose). One line at most.
 */
public final class LocalChatModel implements ChatModel {
    /** What the answer starts with, written into the prompt so the model continues the JSON. */
    static final String PREFILL = "{\"intent\": \"";

    private final BiFunction<String, Integer, String> complete;
    private final ChatTemplate template;
    private final int maxNewTokens;

    /**
     * @param complete     greedy completion of a prompt, up to n new tokens, ending at a newline
     * @param template     the model's chat format
     * @param maxNewTokens the answer's length limit
     */
    public LocalChatModel(BiFunction<String, Integer, String> complete, ChatTemplate template, int maxNewTokens) {
        this.complete = Objects.requireNonNull(complete, "complete");
        this.template = Objects.requireNonNull(template, "the model has no chat template: it is not an instruct model");
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("expected max new tokens >= 1, found " + maxNewTokens);
        }
        this.maxNewTokens = maxNewTokens;
    }

    /** The prompt the model completes for a request. */
    String prompt(ChatRequest request) {
        List<String> system = new ArrayList<>();
        String user = null;
        for (ChatMessage m : request.messages()) {
            if (m instanceof SystemMessage s) {
                system.add(s.text());
            } else if (m instanceof UserMessage u) {
                user = u.singleText();
            }
        }
        if (user == null) {
            throw new IllegalArgumentException("expected a user message in the chat request, found none");
        }
        return template.prompt(system.isEmpty() ? null : String.join("\n\n", system), user) + PREFILL;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return doChat(request);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        String answer = PREFILL + complete.apply(prompt(request), maxNewTokens);
        return ChatResponse.builder().aiMessage(AiMessage.from(answer)).build();
    }
}
