package io.agentshop.infra.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the JVM's shared {@link TestStack} before a test class (or skips the class when the chosen stack cannot
 * exist here) and hands the class its {@link TestScope}. Use it through {@link RealStack}.
 */
public final class StackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        scope(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestScope.class || type == TestStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestScope scope = scope(context);
        return parameter.getParameter().getType() == TestStack.class ? scope.stack() : scope;
    }

    private static TestScope scope(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(testClass, type -> new TestScope(TestStacks.shared(), type), TestScope.class);
    }
}
