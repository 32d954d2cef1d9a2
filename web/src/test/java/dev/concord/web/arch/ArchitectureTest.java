package dev.concord.web.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module rules of ARCHITECTURE.md over the main classes of every module (this module's test class
 * path holds them all): the dependency direction, use of another module through its root package only,
 * and libraries free of Quarkus, CDI and Jakarta.
 */
class ArchitectureTest {
    private static final String KG = "dev.concord.kg";
    private static final String EDITOR = "dev.concord.editor";
    private static final String INTERPRETER = "dev.concord.interpreter";
    private static final String CONTROLLER = "dev.concord.controller";
    private static final String WEB = "dev.concord.web";
    private static final List<String> MODULES = List.of(KG, EDITOR, INTERPRETER, CONTROLLER, WEB);

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.concord");
        for (String m : MODULES) {
            assertTrue(classes.stream().anyMatch(c -> c.getPackageName().startsWith(m)), "no classes of " + m + " were found");
        }
    }

    private static String[] inside(String... modules) {
        return java.util.Arrays.stream(modules).map(m -> m + "..").toArray(String[]::new);
    }

    @Test
    void modulesDependOnlyDownwards() {
        Map<String, String[]> forbidden = Map.of(
                KG, inside(EDITOR, INTERPRETER, CONTROLLER, WEB),
                EDITOR, inside(KG, INTERPRETER, CONTROLLER, WEB),
                INTERPRETER, inside(KG, EDITOR, CONTROLLER, WEB),
                CONTROLLER, inside(WEB));
        forbidden.forEach((module, others) -> noClasses().that().resideInAPackage(module + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because(module + " sits below them (ARCHITECTURE.md)")
                .check(classes));
    }

    /**
     * The controller's feature packages, which the web module serves as they are: each is a service
     * with its own entities (alignment proposals, the agreement audit, moderation providers).
     */
    private static final List<String> CONTROLLER_FEATURES = List.of(CONTROLLER + ".alignment", CONTROLLER + ".agreement",
            CONTROLLER + ".moderation");

    /** A class of another module that is not in that module's API (its root package). */
    private static DescribedPredicate<JavaClass> insideAnotherModuleThan(String module) {
        return new DescribedPredicate<>("a class in a subpackage of a module other than " + module) {
            @Override
            public boolean test(JavaClass c) {
                String p = c.getPackageName();
                if (CONTROLLER_FEATURES.contains(p)) {
                    return false;
                }
                return MODULES.stream().anyMatch(m -> !m.equals(module) && p.startsWith(m + "."));
            }
        };
    }

    @Test
    void otherModulesAreUsedThroughTheirRootPackage() {
        List<String> failures = new java.util.ArrayList<>();
        for (String module : MODULES) {
            ArchRule rule = noClasses().that().resideInAPackage(module + "..")
                    .should().dependOnClassesThat(insideAnotherModuleThan(module))
                    .because("a module's subpackages are its own business; its root package is its API");
            var result = rule.evaluate(classes);
            if (result.hasViolation()) {
                failures.add(result.getFailureReport().toString());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void librariesKnowNoApplicationFramework() {
        noClasses().that().resideInAnyPackage(inside(KG, EDITOR, INTERPRETER))
                .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "jakarta..", "io.smallrye..",
                        "org.eclipse.microprofile..", "io.quarkiverse..", "org.hibernate..")
                .because("kg-store, editor and interpreter are plain Java libraries")
                .check(classes);
    }

    /**
     * An edit's status and step change only through {@code Edit}'s transition methods, which refuse
     * a move the workflow does not make; {@code EditService} sets them once, on a new edit.
     */
    @Test
    void onlyEditItselfMovesAnEditsStatusAndStep() {
        DescribedPredicate<com.tngtech.archunit.core.domain.JavaFieldAccess> statusOrStep =
                new DescribedPredicate<>("Edit.status or Edit.step") {
                    @Override
                    public boolean test(com.tngtech.archunit.core.domain.JavaFieldAccess access) {
                        return access.getTarget().getOwner().getFullName().equals(CONTROLLER + ".Edit")
                                && (access.getTarget().getName().equals("status") || access.getTarget().getName().equals("step"));
                    }
                };
        noClasses().that().doNotHaveFullyQualifiedName(CONTROLLER + ".Edit")
                .and().doNotHaveFullyQualifiedName(CONTROLLER + ".EditService")
                .should().setFieldWhere(statusOrStep)
                .because("transitions are Edit's methods (ARCHITECTURE.md, The edit workflow)")
                .check(classes);
    }
}
