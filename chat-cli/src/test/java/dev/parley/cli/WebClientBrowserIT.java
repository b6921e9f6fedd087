package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.ChatClient;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.WebElement;

/**
 * The web client in two headless Chromium windows, as two users, against a real {@code parley server}
 * process on an H2 file, which is stopped and started again on the same data in the middle. A third
 * user speaks the protocol through the Java client. The steps build on each other, in order.
 *
 * <p>Lives in chat-cli because this is where the real server runs as a process with persistent
 * storage, so a restart loses exactly what a real one would. The conversation screenshot in the
 * README comes from here ({@link Browser#screenshotForDocs}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(Browser.ScreenshotOnFailure.class)
class WebClientBrowserIT {

    private static final String PASSWORD = "correct horse battery";
    private static final String HOSTILE_SCRIPT = "<script>window.pwned = 'script'</script>";
    private static final String HOSTILE_IMAGE = "<img src=x onerror=\"window.pwned = 'img'\">";
    private static final String HOSTILE_LINK = "javascript:window.pwned = 'link'";
    private static final String HOSTILE_NAME = "<img src=y onerror=\"window.pwned = 'name'\">Cy";
    private static final String HOSTILE_GROUP = "<b onmouseover=\"window.pwned = 'group'\">Crew</b>";

    @TempDir
    static Path dir;
    private int port;
    private ParleyProcess server;
    private Browser ana;
    private Browser ben;
    private ChatClient cy;
    private String url;
    private final List<String> anaSent = new ArrayList<>();
    private final List<String> benSent = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        Browser.assumeChromium();
        port = ParleyProcess.freePort();
        url = "http://127.0.0.1:" + port + "/";
        server = startServer();
        assertThat(server.out()).anySatisfy(line -> assertThat(line).isEqualTo("Web client: " + url));
        ana = new Browser("ana", Files.createDirectories(dir.resolve("ana-profile")), 1280, 820);
        ben = new Browser("ben", Files.createDirectories(dir.resolve("ben-profile")), 1280, 820);
    }

    private ParleyProcess startServer() throws Exception {
        return ParleyProcess.start(Map.of("PARLEY_ADMIN_PASSWORD", "admin password for the test"), "server",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--no-tcp",
                "--db", "jdbc:h2:file:" + dir.resolve("db").resolve("parley").toAbsolutePath(),
                "--data", dir.resolve("data").toString()).awaitOutput("Web client:");
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {cy, ana, ben}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        if (server != null) {
            server.stop();
        }
    }

    private void registerIn(Browser browser, String username, String displayName) {
        browser.open(url);
        WebElement form = browser.shown("#register-form");
        form.findElement(org.openqa.selenium.By.name("username")).sendKeys(username);
        form.findElement(org.openqa.selenium.By.name("displayName")).sendKeys(displayName);
        form.findElement(org.openqa.selenium.By.name("password")).sendKeys(PASSWORD);
        form.findElement(org.openqa.selenium.By.cssSelector("button[type=submit]")).click();
        browser.shown("#app-view");
        browser.eventually(() -> assertThat(browser.find("#me-name").getText()).isEqualTo(displayName));
    }

    private static WebElement conversation(Browser browser, String title) {
        return browser.all("#conversation-list .conversation-item").stream()
                .filter(item -> item.findElement(org.openqa.selenium.By.cssSelector(".name")).getText().equals(title))
                .findFirst().orElseThrow(() -> new AssertionError("no conversation " + title));
    }

    private static List<String> texts(Browser browser) {
        return browser.all("#messages li.message .text").stream().map(WebElement::getText).toList();
    }

    private static void type(Browser browser, String text) {
        WebElement input = browser.shown("#message-input");
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }

    private void say(Browser browser, String text) {
        type(browser, text);
        (browser == ana ? anaSent : benSent).add(text);
        browser.eventually(() -> assertThat(browser.all("#messages li.message.mine:not(.pending) .text").stream()
                .map(WebElement::getText).toList()).contains(text));
    }

    private void tab(Browser browser, String name) {
        browser.find("#tab-" + name).click();
        browser.shown("#panel-" + name);
    }

    @Test
    @Order(1)
    @DisplayName("two users register in the browser and land in an empty chat list")
    void registers() {
        registerIn(ana, "ana", "Ana");
        registerIn(ben, "ben", "Ben");
        assertThat(ana.find("#conversation-list").getText()).contains("No conversations yet");
    }

    @Test
    @Order(2)
    @DisplayName("a friend request goes out by username and is accepted on the other side, with presence")
    void befriends() {
        tab(ana, "friends");
        ana.find("#friend-username").sendKeys("ben", Keys.ENTER);
        ana.eventually(() -> assertThat(ana.find("[data-section=sent]").getText()).contains("Ben"));
        tab(ben, "friends");
        ben.eventually(() -> assertThat(ben.find("#friends-badge").getText()).isEqualTo("1"));
        ben.shown("[data-section=requests] button[aria-label='Accept ana']").click();
        ben.eventually(() -> assertThat(ben.find("[data-section=friends] [data-username=ana]").getText()).contains("Ana"));
        ana.eventually(() -> {
            WebElement friend = ana.find("[data-section=friends] [data-username=ben]");
            assertThat(friend.getText()).contains("online");
            assertThat(friend.findElement(org.openqa.selenium.By.cssSelector(".presence")).getAttribute("class"))
                    .contains("online");
        });
    }

    @Test
    @Order(3)
    @DisplayName("they chat both ways: Enter sends, Shift+Enter breaks the line, typing shows, ticks turn to read")
    void chats() {
        ana.find("[data-section=friends] button[aria-label='Message ben']").click();
        ana.eventually(() -> assertThat(ana.find("#conversation-title").getText()).isEqualTo("Ben"));
        WebElement input = ana.shown("#message-input");
        input.sendKeys("Hi Ben 👋");
        // chromedriver types only the Basic Multilingual Plane; the emoji picker inserts the rest.
        ana.find("#emoji-button").click();
        ana.shown("#emoji-picker button[aria-label='Insert 🧗']").click();
        input.sendKeys(Keys.ENTER);
        anaSent.add("Hi Ben 👋🧗");
        ana.eventually(() -> assertThat(texts(ana)).containsExactly("Hi Ben 👋🧗"));
        input.sendKeys("line one", Keys.chord(Keys.SHIFT, Keys.ENTER), "line two", Keys.ENTER);
        anaSent.add("line one\nline two");
        ana.eventually(() -> assertThat(texts(ana)).containsExactly("Hi Ben 👋🧗", "line one\nline two"));

        tab(ben, "chats");
        ben.eventually(() -> {
            WebElement item = conversation(ben, "Ana");
            assertThat(item.findElement(org.openqa.selenium.By.cssSelector(".badge")).getText()).isEqualTo("2");
            assertThat(item.findElement(org.openqa.selenium.By.cssSelector(".preview")).getText()).isEqualTo("line one line two");
        });
        ana.eventually(() -> assertThat(ana.all("#messages .ticks").stream().map(t -> t.getAttribute("data-state")))
                .containsOnly("delivered"));
        conversation(ben, "Ana").click();
        ben.eventually(() -> assertThat(texts(ben)).containsExactly("Hi Ben 👋🧗", "line one\nline two"));
        ana.eventually(() -> assertThat(ana.all("#messages .ticks").stream().map(t -> t.getAttribute("data-state")))
                .containsOnly("read"));

        ben.find("#message-input").sendKeys("Hey Ana");
        ana.eventually(() -> assertThat(ana.find("#typing").getText()).isEqualTo("Ben is typing…"));
        ben.find("#message-input").sendKeys(Keys.ENTER);
        benSent.add("Hey Ana");
        ana.eventually(() -> assertThat(texts(ana)).containsExactly("Hi Ben 👋🧗", "line one\nline two", "Hey Ana"));
        ana.eventually(() -> assertThat(ana.find("#typing").getText()).isEmpty());
        ben.eventually(() -> assertThat(ben.find("#messages li.mine .ticks").getAttribute("data-state")).isEqualTo("read"));
    }

    @Test
    @Order(4)
    @DisplayName("an image picked in one window shows as a thumbnail in the other, opens at full size, and takes reactions")
    void sendsAnImage() throws Exception {
        Path picture = dir.resolve("summit.png");
        ImageIO.write(picture(640, 400), "png", picture.toFile());
        ana.find("#file-input").sendKeys(picture.toAbsolutePath().toString());
        ben.eventually(() -> {
            WebElement image = ben.find("#messages li.message.theirs img.thumbnail");
            assertThat(image.getAttribute("src")).startsWith("blob:");
            assertThat(((Number) ben.script("return arguments[0].naturalWidth", image)).intValue()).isEqualTo(640);
        });
        ben.find("#messages li.message.theirs .thumbnail-button").click();
        ben.eventually(() -> assertThat((Boolean) ben.script("return document.getElementById('lightbox').open")).isTrue());
        ben.eventually(() -> assertThat(((Number) ben.script(
                "return document.getElementById('lightbox-image').naturalHeight")).intValue()).isEqualTo(400));
        ben.find("#lightbox button").click();
        ben.eventually(() -> assertThat((Boolean) ben.script("return document.getElementById('lightbox').open")).isFalse());

        WebElement imageMessage = ben.find("#messages li.message.theirs:last-child");
        new org.openqa.selenium.interactions.Actions(ben.driver).moveToElement(imageMessage).perform();
        imageMessage.findElement(org.openqa.selenium.By.cssSelector("button[aria-label=React]")).click();
        ben.shown("#messages li.message.theirs:last-child button[aria-label='React with 🎉']").click();
        ana.eventually(() -> assertThat(ana.find("#messages li.message.mine:last-child .reaction").getAttribute("aria-label"))
                .isEqualTo("🎉 from Ben"));
        WebElement first = ana.find("#messages li.message.theirs");
        new org.openqa.selenium.interactions.Actions(ana.driver).moveToElement(first).perform();
        first.findElement(org.openqa.selenium.By.cssSelector("button[aria-label=React]")).click();
        ana.shown("#messages li.message.theirs button[aria-label='React with ❤️']").click();
        ben.eventually(() -> assertThat(ben.find("#messages li.message.mine .reaction").getAttribute("aria-label"))
                .isEqualTo("❤️ from Ana"));
        ana.script("document.activeElement.blur()");
        ana.screenshotForDocs("web-conversation.png");
    }

    @Test
    @Order(5)
    @DisplayName("a message in a third conversation shows an unread badge and its text in the list")
    void unreadInAThirdConversation() throws Exception {
        cy = ChatClient.connect(URI.create("ws://127.0.0.1:" + port + "/chat"));
        cy.register("cy", HOSTILE_NAME, PASSWORD);
        assertThat(cy.call("friends.request", Map.of("username", "ana")).ok()).isTrue();
        tab(ana, "friends");
        ana.shown("[data-section=requests] button[aria-label='Accept cy']").click();
        ana.eventually(() -> assertThat(ana.find("[data-section=friends] [data-username=cy] .name").getText())
                .isEqualTo(HOSTILE_NAME));
        ana.screenshot(Browser.SCREENSHOTS.resolve("friends-with-hostile-name.png"));
        tab(ana, "chats");
        conversation(ana, "Ben").click();
        long anaId = cy.call("users.find", Map.of("username", "ana")).orThrow().path("user").path("id").asLong();
        assertThat(cy.call("send", Map.of("toUserId", anaId, "text", "Are you coming on Saturday?")).ok()).isTrue();
        assertThat(cy.call("send", Map.of("toUserId", anaId, "text", HOSTILE_LINK)).ok()).isTrue();
        ana.eventually(() -> {
            WebElement item = conversation(ana, HOSTILE_NAME);
            assertThat(item.findElement(org.openqa.selenium.By.cssSelector(".badge")).getText()).isEqualTo("2");
            assertThat(item.findElement(org.openqa.selenium.By.cssSelector(".preview")).getText()).isEqualTo(HOSTILE_LINK);
        });
        assertThat(conversation(ana, "Ben").findElements(org.openqa.selenium.By.cssSelector(".badge"))).isEmpty();
        // The list is sorted by last activity: Cy's conversation is now on top.
        assertThat(ana.find("#conversation-list .conversation-item .name").getText()).isEqualTo(HOSTILE_NAME);
    }

    @Test
    @Order(6)
    @DisplayName("hostile text in messages, display names and group names renders as inert text")
    void hostileTextIsInert() {
        say(ben, HOSTILE_SCRIPT);
        say(ben, HOSTILE_IMAGE);
        say(ben, HOSTILE_LINK);
        ana.eventually(() -> assertThat(texts(ana)).endsWith(HOSTILE_SCRIPT, HOSTILE_IMAGE, HOSTILE_LINK));
        conversation(ana, HOSTILE_NAME).click();
        ana.eventually(() -> assertThat(texts(ana)).containsExactly("Are you coming on Saturday?", HOSTILE_LINK));
        assertThat(ana.find("#conversation-title").getText()).isEqualTo(HOSTILE_NAME);

        ana.find("#new-group").click();
        ana.shown("#group-form input[name=name]").sendKeys(HOSTILE_GROUP);
        ana.find("#group-candidates input[value='" + benId() + "']").click();
        ana.find("#group-form button[type=submit]").click();
        ana.eventually(() -> assertThat(ana.find("#conversation-title").getText()).isEqualTo(HOSTILE_GROUP));
        say(ana, "Welcome to the crew");
        ben.eventually(() -> assertThat(conversation(ben, HOSTILE_GROUP).getText()).contains("Ana: Welcome to the crew"));

        for (Browser browser : List.of(ana, ben)) {
            assertThat(browser.script("return window.pwned")).as(browser.name).isNull();
            assertThat(browser.all("#messages script, #messages b, #conversation-list img, #messages img:not(.thumbnail)"))
                    .as(browser.name).isEmpty();
            assertThat(browser.all("a[href^='javascript']")).as(browser.name).isEmpty();
        }
        conversation(ana, "Ben").click();
        ana.eventually(() -> assertThat(texts(ana)).endsWith(HOSTILE_SCRIPT, HOSTILE_IMAGE, HOSTILE_LINK));
    }

    private long benId() {
        return cy.call("users.find", Map.of("username", "ben")).orThrow().path("user").path("id").asLong();
    }

    @Test
    @Order(7)
    @DisplayName("after a reload the session resumes with its token and the whole history is there, once")
    void reloads() {
        ben.driver.navigate().refresh();
        ben.shown("#app-view");
        conversation(ben, "Ana").click();
        List<String> expected = expectedBetweenAnaAndBen();
        ben.eventually(() -> assertThat(texts(ben)).containsExactlyElementsOf(expected));
        assertThat(ben.all("#messages img.thumbnail")).hasSize(1);
    }

    private List<String> expectedBetweenAnaAndBen() {
        return List.of("Hi Ben 👋🧗", "line one\nline two", "Hey Ana", HOSTILE_SCRIPT, HOSTILE_IMAGE, HOSTILE_LINK);
    }

    @Test
    @Order(8)
    @DisplayName("the server stops and starts again on the same data: both windows reconnect, and nothing is lost or doubled")
    void survivesARestart() throws Exception {
        for (Browser browser : List.of(ana, ben)) {
            // "back online" shows for a few seconds only: record every status the page shows.
            browser.script("""
                    const status = document.getElementById('status');
                    window.statusSeen = [];
                    new MutationObserver(() => { if (!status.hidden) window.statusSeen.push(status.textContent); })
                      .observe(status, { childList: true, characterData: true, subtree: true, attributes: true });""");
        }
        assertThat(server.stop()).isZero();
        for (Browser browser : List.of(ana, ben)) {
            browser.eventually(() -> assertThat(browser.find("#status").getText()).isEqualTo("reconnecting…"));
        }
        // Written while the server is down: it waits, shown as pending, and goes once the server is back.
        type(ana, "Sent while the server was down");
        ana.eventually(() -> assertThat(ana.find("#messages li.message.pending .text").getText())
                .isEqualTo("Sent while the server was down"));

        server = startServer();
        cy.close();
        cy = ChatClient.connect(URI.create("ws://127.0.0.1:" + port + "/chat"));
        cy.login("cy", PASSWORD);
        for (Browser browser : List.of(ana, ben)) {
            browser.eventually(() -> assertThat(((List<?>) browser.script("return window.statusSeen")).stream()
                    .map(String::valueOf).toList()).contains("reconnecting…").endsWith("back online"));
        }
        List<String> expected = new ArrayList<>(expectedBetweenAnaAndBen());
        expected.add("Sent while the server was down");
        ana.eventually(() -> {
            assertThat(texts(ana)).containsExactlyElementsOf(expected);
            assertThat(ana.all("#messages li.message.pending")).isEmpty();
        });
        ben.eventually(() -> assertThat(texts(ben)).containsExactlyElementsOf(expected));

        say(ben, "Still here after the restart");
        expected.add("Still here after the restart");
        ana.eventually(() -> assertThat(texts(ana)).containsExactlyElementsOf(expected));
        try (ChatClient check = ChatClient.connect(URI.create("ws://127.0.0.1:" + port + "/chat"))) {
            check.login("ana", PASSWORD);
            long conversationId = Long.parseLong(ana.find("#conversation-list .conversation-item.active").getAttribute("data-id"));
            JsonNode history = check.call("history", Map.of("conversationId", conversationId)).orThrow();
            List<String> stored = new ArrayList<>();
            history.path("messages").forEach(m -> {
                if (m.has("text")) {
                    stored.add(m.path("text").asText());
                }
            });
            assertThat(stored).containsExactlyElementsOf(expected);
        }
    }

    @Test
    @Order(9)
    @DisplayName("on a phone-sized screen one pane shows at a time, with a way back")
    void phoneView() {
        ana.resize(390, 844);
        ana.eventually(() -> {
            assertThat(ana.find("#conversation").isDisplayed()).isTrue();
            assertThat(ana.find("#sidebar").isDisplayed()).isFalse();
        });
        ana.screenshot(Browser.SCREENSHOTS.resolve("phone-with-hostile-text.png"));
        ana.find("#back").click();
        ana.eventually(() -> {
            assertThat(ana.find("#sidebar").isDisplayed()).isTrue();
            assertThat(ana.find("#conversation").isDisplayed()).isFalse();
        });
        conversation(ana, "Ben").click();
        ana.eventually(() -> assertThat(ana.find("#conversation").isDisplayed()).isTrue());
        ana.resize(1280, 820);
    }

    @Test
    @Order(10)
    @DisplayName("a reply quotes its message, an edit shows as edited, and a deleted message leaves a tombstone")
    void repliesEditsDeletes() {
        conversation(ana, HOSTILE_GROUP).click();
        conversation(ben, HOSTILE_GROUP).click();
        ben.eventually(() -> assertThat(texts(ben)).containsExactly("Welcome to the crew"));
        WebElement welcome = ben.find("#messages li.message.theirs");
        hover(ben, welcome);
        welcome.findElement(By.cssSelector("button[aria-label=Reply]")).click();
        ben.eventually(() -> assertThat(ben.find("#context-text").getText()).isEqualTo("Replying to Ana: Welcome to the crew"));
        type(ben, "Count me in");
        ana.eventually(() -> {
            WebElement reply = ana.find("#messages li.message.theirs");
            assertThat(reply.findElement(By.cssSelector(".text")).getText()).isEqualTo("Count me in");
            assertThat(reply.findElement(By.cssSelector(".reply-quote .quoted")).getText()).isEqualTo("Welcome to the crew");
            assertThat(reply.findElement(By.cssSelector(".sender")).getText()).isEqualTo("Ben");
        });

        say(ana, "Typo heer");
        WebElement typo = ana.find("#messages li.message.mine:last-child");
        hover(ana, typo);
        typo.findElement(By.cssSelector("button[aria-label=Edit]")).click();
        WebElement input = ana.find("#message-input");
        ana.eventually(() -> assertThat(input.getAttribute("value")).isEqualTo("Typo heer"));
        input.clear();
        input.sendKeys("Typo here", Keys.ENTER);
        ben.eventually(() -> {
            WebElement edited = ben.find("#messages li.message.theirs:last-child");
            assertThat(edited.findElement(By.cssSelector(".text")).getText()).isEqualTo("Typo here");
            assertThat(edited.findElement(By.cssSelector(".edited")).getText()).isEqualTo("edited");
        });

        WebElement toDelete = ana.find("#messages li.message.mine:last-child");
        hover(ana, toDelete);
        toDelete.findElement(By.cssSelector("button[aria-label=Delete]")).click();
        ana.find("#messages li.message.mine:last-child button[aria-label='Press again to delete']").click();
        ben.eventually(() -> {
            assertThat(ben.find("#messages li.message.theirs:last-child .tombstone").getText()).isEqualTo("This message was deleted");
            assertThat(texts(ben)).doesNotContain("Typo here");
        });
    }

    @Test
    @Order(11)
    @DisplayName("the group's owner sees members with roles, makes an admin, adds a friend and kicks them again")
    void managesTheGroup() {
        ana.find("#members-button").click();
        ben.find("#members-button").click();
        ana.eventually(() -> assertThat(roles(ana)).containsExactly("owner", "member"));
        String ben = Long.toString(benId());
        new Select(this.ana.find("#members-panel select[aria-label='Role of Ben']")).selectByValue("admin");
        this.ben.eventually(() -> assertThat(this.ben.find("#members-panel [data-user-id='" + ben + "'] .role").getText())
                .isEqualTo("admin"));
        new Select(this.ana.find("#members-panel select[aria-label='Friend to add']")).selectByVisibleText(HOSTILE_NAME);
        this.ana.find("#members-panel form button[type=submit]").click();
        this.ben.eventually(() -> assertThat(roles(this.ben)).containsExactly("owner", "admin", "member"));
        // Ben is no friend of Cy's: the client learns the new member's name with users.get.
        String cyId = cy.call("users.find", Map.of("username", "cy")).orThrow().path("user").path("id").asText();
        this.ben.eventually(() -> assertThat(this.ben.find("#members-panel [data-user-id='" + cyId + "'] .name").getText())
                .isEqualTo(HOSTILE_NAME));
        assertThat(this.ben.script("return window.pwned")).isNull();
        assertThat(cy.awaitEvent("member", data -> "joined".equals(data.path("action").asText()), java.time.Duration.ofSeconds(10)))
                .isNotNull();
        this.ana.all("#members-panel button").stream().filter(b -> ("Kick " + HOSTILE_NAME).equals(b.getAttribute("aria-label")))
                .findFirst().orElseThrow().click();
        this.ben.eventually(() -> assertThat(roles(this.ben)).containsExactly("owner", "admin"));
        assertThat(cy.awaitEvent("member", data -> "kicked".equals(data.path("action").asText()), java.time.Duration.ofSeconds(10)))
                .isNotNull();
        this.ana.find("#members-button").click();
        this.ben.find("#members-button").click();
    }

    private static List<String> roles(Browser browser) {
        return browser.all("#members-panel .member").stream().map(m -> m.getAttribute("data-role")).toList();
    }

    @Test
    @Order(12)
    @DisplayName("a voice message recorded with MediaRecorder plays inline on the other side")
    void sendsVoice() {
        ana.find("#voice-button").click();
        ana.eventually(() -> assertThat(ana.find("#voice-button").getAttribute("aria-pressed")).isEqualTo("true"));
        // A recording needs some real time to have any sound in it.
        org.awaitility.Awaitility.await().pollDelay(java.time.Duration.ofMillis(1500)).until(() -> true);
        ana.find("#voice-button").click();
        ben.eventually(() -> {
            WebElement audio = ben.find("#messages li.message.theirs:last-child audio");
            assertThat(audio.getAttribute("src")).startsWith("blob:");
            assertThat(ben.find("#messages li.message.theirs:last-child .duration").getText()).endsWith(" s");
        });
        assertThat(ben.find("#conversation-list .conversation-item.active .preview").getText()).isEqualTo("Ana: 🎤 Voice message");
    }

    @Test
    @Order(13)
    @DisplayName("a long history loads a page at a time as the list is scrolled up")
    void loadsOlderHistoryOnScroll() {
        long anaId = cy.call("users.find", Map.of("username", "ana")).orThrow().path("user").path("id").asLong();
        for (int i = 1; i <= 55; i++) {
            Map<String, Object> send = Map.of("toUserId", anaId, "text", "Old news " + i, "clientMsgId", "old-" + i);
            // Past the send burst the server says rate_limited; the same clientMsgId makes a retry safe.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(200))
                    .until(() -> cy.call("send", send).ok());
        }
        // A fresh page knows nothing of the conversation yet but its latest message.
        ana.driver.navigate().refresh();
        ana.shown("#app-view");
        ana.eventually(() -> conversation(ana, HOSTILE_NAME).click());
        ana.eventually(() -> {
            assertThat(texts(ana)).hasSize(50);
            assertThat(texts(ana).get(49)).isEqualTo("Old news 55");
        });
        ana.script("document.getElementById('messages').scrollTop = 0");
        ana.eventually(() -> {
            List<String> all = texts(ana);
            assertThat(all).hasSize(57);
            assertThat(all.subList(0, 3)).containsExactly("Are you coming on Saturday?", HOSTILE_LINK, "Old news 1");
        });
        conversation(ana, "Ben").click();
    }

    @Test
    @Order(14)
    @DisplayName("a pasted image goes up like a picked one, and any other file arrives as a download link")
    void pastesAnImageAndSendsAFile() throws Exception {
        conversation(ben, "Ana").click();
        ana.script("""
                const canvas = document.createElement('canvas');
                canvas.width = 120;
                canvas.height = 80;
                const g = canvas.getContext('2d');
                g.fillStyle = '#e8590c';
                g.fillRect(0, 0, 120, 80);
                canvas.toBlob((blob) => {
                  const data = new DataTransfer();
                  data.items.add(new File([blob], 'pasted.png', { type: 'image/png' }));
                  document.getElementById('message-input').dispatchEvent(
                    new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
                }, 'image/png');""");
        ben.eventually(() -> {
            WebElement image = ben.find("#messages li.message.theirs:last-child img.thumbnail");
            assertThat(((Number) ben.script("return arguments[0].naturalWidth", image)).intValue()).isEqualTo(120);
        });

        Path notes = Files.writeString(dir.resolve("notes.txt"), "Rope, harness, chalk.\n");
        ana.find("#file-input").sendKeys(notes.toAbsolutePath().toString());
        ben.eventually(() -> assertThat(ben.find("#messages li.message.theirs:last-child a.file-link").getText())
                .isEqualTo("📄 notes.txt (22 B)"));
        WebElement link = ben.find("#messages li.message.theirs:last-child a.file-link");
        link.click();
        ben.eventually(() -> assertThat(link.getAttribute("href")).startsWith("blob:"));
        assertThat(link.getAttribute("download")).isEqualTo("notes.txt");
    }

    @Test
    @Order(15)
    @DisplayName("a friend request can be declined, and a block shows in its own list until it is lifted")
    void declinesAndBlocks() {
        assertThat(cy.call("friends.request", Map.of("username", "ben")).ok()).isTrue();
        tab(ben, "friends");
        ben.shown("[data-section=requests] button[aria-label='Decline cy']").click();
        ben.eventually(() -> {
            assertThat(ben.all("[data-section=requests]")).isEmpty();
            assertThat(ben.find("#friends-badge").isDisplayed()).isFalse();
        });
        tab(ben, "chats");

        tab(ana, "friends");
        ana.find("[data-section=friends] button[aria-label='Block cy']").click();
        ana.eventually(() -> assertThat(ana.find("[data-section=blocked] [data-username=cy]").isDisplayed()).isTrue());
        assertThat(ana.all("[data-section=friends] [data-username=cy]")).isEmpty();
        long anaId = cy.call("users.find", Map.of("username", "ana")).orThrow().path("user").path("id").asLong();
        assertThat(cy.call("send", Map.of("toUserId", anaId, "text", "Let me in")).errorCode()).isEqualTo("forbidden");
        ana.find("[data-section=blocked] button[aria-label='Unblock cy']").click();
        ana.eventually(() -> assertThat(ana.all("[data-section=blocked]")).isEmpty());
        assertThat(ana.all("[data-username=cy]")).isEmpty();
    }

    @Test
    @Order(16)
    @DisplayName("an invitation to a group from a non-friend waits in the friends panel and joins the group when accepted")
    void acceptsAnInvitation() {
        long anaId = cy.call("users.find", Map.of("username", "ana")).orThrow().path("user").path("id").asLong();
        JsonNode created = cy.call("groups.create", Map.of("name", "Bouldering 🧗", "members", List.of(anaId))).orThrow();
        assertThat(created.path("invited").toString()).contains(Long.toString(anaId));
        tab(ana, "friends");
        ana.eventually(() -> assertThat(ana.find("[data-section=invitations]").getText()).contains("Bouldering 🧗"));
        assertThat(ana.find("#friends-badge").getText()).isEqualTo("1");
        ana.find("[data-section=invitations] button").click();
        ana.eventually(() -> assertThat(ana.all("[data-section=invitations]")).isEmpty());
        tab(ana, "chats");
        ana.eventually(() -> conversation(ana, "Bouldering 🧗").click());
        ana.eventually(() -> assertThat(ana.find("#conversation-subtitle").getText()).isEqualTo("2 members"));
        conversation(ana, "Ben").click();
    }

    private static void hover(Browser browser, WebElement element) {
        new org.openqa.selenium.interactions.Actions(browser.driver).moveToElement(element).perform();
    }

    @Test
    @Order(20)
    @DisplayName("logging out forgets the token: a reload shows the login screen, and friends see when they were last seen")
    void logsOut() {
        tab(ana, "friends");
        ben.find("#logout").click();
        ben.shown("#login-view");
        ana.eventually(() -> assertThat(ana.find("[data-section=friends] [data-username=ben] .presence-text").getText())
                .startsWith("last seen "));
        ben.driver.navigate().refresh();
        ben.shown("#login-form");
        assertThat(ben.script("return localStorage.getItem('parley.token')")).isNull();
    }

    /** A picture with something in it: a sky, a mountain and a sun. */
    private static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(0x74c0fc), 0, height, new Color(0xe7f5ff)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(0xffd43b));
        g.fillOval(width - 170, 50, 90, 90);
        g.setColor(new Color(0x495057));
        g.fillPolygon(new int[] {0, width * 2 / 5, width * 3 / 4, width}, new int[] {height, height / 4, height * 2 / 3, height}, 4);
        g.setColor(Color.WHITE);
        g.fillPolygon(new int[] {width * 2 / 5 - 50, width * 2 / 5, width * 2 / 5 + 45},
                new int[] {height / 4 + 60, height / 4, height / 4 + 55}, 3);
        g.dispose();
        return image;
    }
}
