package dev.concord.editor;

import java.util.List;
import java.util.Optional;

/**
 * A knowledge editor that hands every call to another one: a decorator overrides only what it
 * changes (the controller's model edit stream overrides {@code apply} and {@code rollback}).
 */
public abstract class ForwardingKnowledgeEditor implements KnowledgeEditor {
    protected final KnowledgeEditor delegate;

    protected ForwardingKnowledgeEditor(KnowledgeEditor delegate) {
        this.delegate = delegate;
    }

    @Override
    public String modelName() {
        return delegate.modelName();
    }

    @Override
    public LanguageModel model() {
        return delegate.model();
    }

    @Override
    public EditRecord apply(String id, EditMethod method, List<FactEdit> facts) {
        return delegate.apply(id, method, facts);
    }

    @Override
    public EditRecord rollback(String id) {
        return delegate.rollback(id);
    }

    @Override
    public List<EditRecord> log() {
        return delegate.log();
    }

    @Override
    public Optional<EditRecord> find(String id) {
        return delegate.find(id);
    }

    @Override
    public EditMethod defaultMethod() {
        return delegate.defaultMethod();
    }

    @Override
    public String complete(String prompt, int maxNewTokens) {
        return delegate.complete(prompt, maxNewTokens);
    }

    @Override
    public String chat(String question, int maxNewTokens) {
        return delegate.chat(question, maxNewTokens);
    }

    @Override
    public EditPackage exportEdit(String id) {
        return delegate.exportEdit(id);
    }

    @Override
    public EditRecord importEdit(EditPackage edit) {
        return delegate.importEdit(edit);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
