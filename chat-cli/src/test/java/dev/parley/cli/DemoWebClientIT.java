package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** {@code parley demo} as a newcomer meets it: the printed URL, the seeded accounts, two windows chatting. */
@ExtendWith(Browser.ScreenshotOnFailure.class)
class DemoWebClientIT {

    @Test
    @DisplayName("the demo prints the web client's URL, whose login screen offers the seeded accounts, and two of them chat")
    void demoInTwoWindows(@TempDir Path dir) throws Exception {
        Browser.assumeChromium();
        int port = ParleyProcess.freePort();
        String url = "http://127.0.0.1:" + port + "/";
        try (ParleyProcess demo = ParleyProcess.start(Map.of(), "demo", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--no-tcp").awaitOutput("Web client:");
             Browser alice = new Browser("alice", Files.createDirectories(dir.resolve("alice")), 1280, 820);
             Browser bob = new Browser("bob", Files.createDirectories(dir.resolve("bob")), 1280, 820)) {
            assertThat(demo.out()).anySatisfy(line -> assertThat(line).startsWith("  Web client: " + url));

            alice.open(url);
            alice.shown("#demo-accounts");
            assertThat(alice.find("#demo-password").getText()).isEqualTo(DemoCommand.PASSWORD);
            assertThat(alice.all("#demo-buttons button").stream().map(WebElement::getText))
                    .containsExactly("Log in as alice", "Log in as bob", "Log in as carol");
            alice.find("#demo-buttons button[data-username=alice]").click();
            alice.shown("#app-view");
            alice.eventually(() -> assertThat(names(alice)).containsExactlyInAnyOrder("Parley fans 🎉", "Bob"));

            bob.open(url);
            bob.shown("#demo-buttons button[data-username=bob]").click();
            bob.shown("#app-view");
            bob.eventually(() -> assertThat(bob.find("#notices-badge").getText()).isEqualTo("1"));
            bob.find("#tab-notices").click();
            bob.eventually(() -> assertThat(bob.find("#notice-list .notice .text").getText())
                    .isEqualTo("Welcome to the Parley demo. Nothing here is kept."));
            bob.eventually(() -> assertThat(bob.find("#notices-badge").isDisplayed()).isFalse());
            bob.find("#tab-chats").click();
            alice.find("#tab-friends").click();
            alice.eventually(() -> assertThat(alice.find("[data-section=friends] [data-username=bob] .presence-text").getText())
                    .isEqualTo("online"));
            assertThat(alice.find("[data-section=friends] [data-username=carol] .presence-text").getText()).isEqualTo("offline");
            alice.screenshotForDocs("web-friends.png");
            alice.find("#tab-chats").click();

            item(alice, "Bob").click();
            alice.eventually(() -> assertThat(texts(alice)).containsExactly("Hi Bob! Climbing on Saturday? 🧗",
                    "Yes! 👍🏽 Let's ask Carol too."));
            alice.find("#message-input").sendKeys("Hello from the browser", Keys.ENTER);
            bob.eventually(() -> assertThat(item(bob, "Alice").getText()).contains("Hello from the browser"));
            item(bob, "Alice").click();
            bob.eventually(() -> assertThat(texts(bob)).endsWith("Hello from the browser"));
            alice.eventually(() -> assertThat(alice.find("#messages li.mine:last-child .ticks").getAttribute("data-state"))
                    .isEqualTo("read"));
            bob.find("#message-input").sendKeys("Saturday it is. Bring the rope!", Keys.ENTER);
            alice.eventually(() -> assertThat(texts(alice)).endsWith("Saturday it is. Bring the rope!"));
            alice.resize(390, 844);
            alice.eventually(() -> assertThat(alice.find("#sidebar").isDisplayed()).isFalse());
            alice.screenshotForDocs("web-phone.png");
        }
    }

    private static List<String> names(Browser browser) {
        return browser.all("#conversation-list .conversation-item .name").stream().map(WebElement::getText).toList();
    }

    private static WebElement item(Browser browser, String name) {
        return browser.all("#conversation-list .conversation-item").stream()
                .filter(i -> i.findElement(By.cssSelector(".name")).getText().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> texts(Browser browser) {
        return browser.all("#messages li.message .text").stream().map(WebElement::getText).toList();
    }
}
