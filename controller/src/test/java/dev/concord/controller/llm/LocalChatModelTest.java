package dev.concord.controller.llm;

import dev.concord.editor.ChatTemplate;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The in-process chat model's prompt: the model's chat template, the system message, and the JSON prefill. */
class LocalChatModelTest {

    @Test
    void chatMlPromptCarriesTheSystemMessageAndStartsTheJsonAnswer() {
        List<String> prompts = new ArrayList<>();
        List<Integer> limits = new ArrayList<>();
        LocalChatModel m = new LocalChatModel((p, n) -> {
            prompts.add(p);
            limits.add(n);
            return "EDIT\", \"triples\": []}";
        }, new ChatTemplate("chatml", "You are a helpful AI assistant."), 64);
        String answer = m.chat(ChatRequest.builder().messages(SystemMessage.from("Convert to JSON."),
                UserMessage.from("Obama was born in Kenya.")).build()).aiMessage().text();
        assertEquals("{\"intent\": \"EDIT\", \"triples\": []}", answer);
        assertEquals(List.of("<|im_start|>system\nConvert to JSON.<|im_end|>\n<|im_start|>user\nObama was born in Kenya."
                + "<|im_end|>\n<|im_start|>assistant\n{\"intent\": \""), prompts);
        assertEquals(List.of(64), limits);
    }

    @Test
    void gemmaHasNoSystemTurnAndWithoutSystemTheTemplateDefaultIsUsed() {
        List<String> prompts = new ArrayList<>();
        LocalChatModel gemma = new LocalChatModel((p, n) -> {
            prompts.add(p);
            return "UNKNOWN\"}";
        }, new ChatTemplate("gemma", null), 8);
        gemma.chat(ChatRequest.builder().messages(SystemMessage.from("Rules."), UserMessage.from("Hi")).build());
        assertEquals("<start_of_turn>user\nRules.\n\nHi<end_of_turn>\n<start_of_turn>model\n{\"intent\": \"", prompts.get(0));
        LocalChatModel smol = new LocalChatModel((p, n) -> {
            prompts.add(p);
            return "";
        }, new ChatTemplate("chatml", "Default."), 8);
        smol.chat(ChatRequest.builder().messages(UserMessage.from("Hi")).build());
        assertEquals("<|im_start|>system\nDefault.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n{\"intent\": \"",
                prompts.get(1));
    }

    @Test
    void aBaseModelOrAnEmptyRequestIsRefusedClearly() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new LocalChatModel((p, n) -> "", null, 8));
        assertEquals("the model has no chat template: it is not an instruct model", e.getMessage());
        LocalChatModel m = new LocalChatModel((p, n) -> "", new ChatTemplate("chatml", null), 8);
        assertThrows(IllegalArgumentException.class, () -> m.prompt(ChatRequest.builder()
                .messages(SystemMessage.from("only a system message")).build()));
    }
}
