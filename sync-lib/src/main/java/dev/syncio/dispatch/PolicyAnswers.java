package dev.syncio.dispatch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Asks a host policy (conversation or topic access) a yes/no question safely: a policy that
 * throws, fails its stage, answers null or does not answer within the time limit counts as no, so
 * no socket queue waits for ever on a host's bug. Internal.
 */
public final class PolicyAnswers {

    /** How long a policy may take before its answer is no. */
    public static final long TIMEOUT_SECONDS = 10;

    private PolicyAnswers() {
    }

    /**
     * The policy's answer; {@code onFailure} hears why it counted as no when it threw, failed or
     * timed out (to log it), not when it answered no.
     */
    public static CompletionStage<Boolean> ask(Supplier<CompletionStage<Boolean>> question,
                                               Consumer<Throwable> onFailure) {
        CompletionStage<Boolean> answer;
        try {
            answer = question.get();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        if (answer == null) {
            answer = CompletableFuture.failedFuture(new NullPointerException("the policy returned no stage"));
        }
        return answer.toCompletableFuture().orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).handle((yes, error) -> {
            if (error != null) {
                onFailure.accept(error);
                return false;
            }
            return Boolean.TRUE.equals(yes);
        });
    }
}
