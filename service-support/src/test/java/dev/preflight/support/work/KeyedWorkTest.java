package dev.preflight.support.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeyedWorkTest {

  @Test
  void workOfOneKeyRunsInOrderAndOtherKeysRunBesideIt() throws Exception {
    try (KeyedWork work = new KeyedWork("test", 4)) {
      CountDownLatch release = new CountDownLatch(1);
      List<String> order = new CopyOnWriteArrayList<>();
      KeyedWork.Accepted slow =
          work.accept(
              "a",
              () -> {
                await(release);
                order.add("a1");
              });
      KeyedWork.Accepted second = work.accept("a", () -> order.add("a2"));
      KeyedWork.Accepted other = work.accept("b", () -> order.add("b1"));

      other.done().toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(order).containsExactly("b1");
      assertThat(second.done().toCompletableFuture().isDone()).isFalse();
      release.countDown();
      second.done().toCompletableFuture().get(5, TimeUnit.SECONDS);
      slow.done().toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(order).containsExactly("b1", "a1", "a2");
    }
  }

  @Test
  void aFullQueueGivesNoPlaceUntilAnItemIsDone() throws Exception {
    try (KeyedWork work = new KeyedWork("test", 2)) {
      CountDownLatch release = new CountDownLatch(1);
      KeyedWork.Accepted first = work.accept("a", () -> await(release));
      KeyedWork.Accepted second = work.accept("b", () -> await(release));
      KeyedWork.Accepted third = work.accept("c", () -> {});

      assertThat(first.placed().toCompletableFuture().isDone()).isTrue();
      assertThat(second.placed().toCompletableFuture().isDone()).isTrue();
      assertThat(third.placed().toCompletableFuture().isDone()).isFalse();
      assertThat(work.inFlight()).isEqualTo(2);
      release.countDown();
      third.done().toCompletableFuture().get(5, TimeUnit.SECONDS);
      first.done().toCompletableFuture().get(5, TimeUnit.SECONDS);
      second.done().toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(work.inFlight()).isZero();
    }
  }

  @Test
  void aFailureCompletesItsItemAndTheKeyGoesOn() throws Exception {
    try (KeyedWork work = new KeyedWork("test", 1)) {
      KeyedWork.Accepted failing =
          work.accept(
              "a",
              () -> {
                throw new IllegalStateException("broken");
              });
      KeyedWork.Accepted next = work.accept("a", () -> {});

      assertThatThrownBy(() -> failing.done().toCompletableFuture().get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasRootCauseMessage("broken");
      next.done().toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(work.inFlight()).isZero();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
