import BrowserSupport
import JSON
import Testing
import TestSupport

/// The widget's languages (contract §11, `Public/locales`, `Public/widget-strings.js`) in a real
/// Chromium: the locale follows data-locale, WebChat.setLocale, the browser's language and the
/// website's setting in that order; no English is left in any other locale, in any view of the
/// widget; plural forms follow the language; Arabic is laid out right to left. Screenshots of a
/// Latin, an Arabic and a CJK locale go to docs/images with `WEBCHAT_SCREENSHOTS=1`.
@Suite(.serialized) struct WidgetLocaleBrowserTests {
    static let locales = ["en", "de", "fr", "es", "pt", "it", "nl", "ar", "zh", "ja"]
    /// Nobody online and an email asked for while away: the panel shows the away notice and the
    /// email form. Title, greeting and away message stay the server's defaults, so that the widget
    /// shows them in the locale's own words.
    static let settings = ##"{"color":"#0f766e","ask_email":"when_away"}"##

    /// Page helpers: every string the widget shows (text, aria-label, placeholder, title), without
    /// what is data (messages, names, conversation previews: text not drawn from the locale's table)
    /// or not language (digits, punctuation); and WebChat.setLocale, awaited.
    static let helpers = """
        window.widgetStrings = () => {
          const found = new Set();
          const walker = document.createTreeWalker(widget(), NodeFilter.SHOW_TEXT);
          for (let node; (node = walker.nextNode());) {
            const parent = node.parentElement;
            if (!/\\p{L}/u.test(node.data) || parent.closest('style, [aria-hidden=true], [aria-live]')) continue;
            if (parent.closest('.bubble, .who, .preview') && !parent.hasAttribute('data-t')) continue;
            found.add(node.data.trim());
          }
          for (const element of widget().querySelectorAll('*')) {
            for (const name of ['aria-label', 'placeholder', 'title']) {
              const value = element.getAttribute(name);
              if (value && /\\p{L}/u.test(value)) found.add(value);
            }
          }
          return [...found];
        };
        """

    /// The locale files the page fetched, in order.
    static let loadedLocales = "performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/locales/')).map((entry) => entry.name.split('/').pop())"

    /// Switches the widget to `code` and returns what it shows then.
    static func strings(in browser: Browser, _ code: String) throws -> [String] {
        let shown = try browser.executeAsyncScript("""
            const done = arguments[arguments.length - 1];
            WebChat.setLocale(arguments[0]).then(() => done([$w('.root').lang, widgetStrings()]), (error) => done(['failed', [error.message]]));
            """, arguments: [.string(code)])
        let pair = shown.arrayValue ?? []
        #expect(pair.first?.stringValue == code)
        return pair.last?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// In the view shown now, every locale but English shows none of the strings English shows.
    static func expectNoEnglishLeft(in browser: Browser, view: String, atLeast: Int) throws {
        let english = try strings(in: browser, "en")
        #expect(english.count >= atLeast, "\(view): the walk found only \(english)")
        for code in locales.dropFirst() {
            let left = try strings(in: browser, code).filter(english.contains)
            #expect(left == [], "\(view) in \(code): English left over: \(left)")
        }
        _ = try strings(in: browser, "en")
    }

    @Test func everyLocaleHasEveryStringOfEnglishTranslatedWithItsPluralForms() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: Self.settings)
            let url = try app.hostPage("tables", website: site.id)
            try withBrowser { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                // Each table is checked against English: the same keys, and no value (a sentence
                // made with sample arguments for a function) the same as English's.
                let report = try browser.executeAsyncScript("""
                    const [server, codes, done] = arguments;
                    const samples = {
                      withUnread: [["openChat", 1], ["closeChat", 3]], typing: [[["Ada"]], [["Ada", "Bo"]]],
                      systemEnded: [[null], ["Ada"]], systemStatus: [["open"], ["pending"], ["resolved"], ["closed"]],
                      systemAssigned: [[true], [false]], systemHandoff: [[true], [false]], stars: [[1], [2], [3], [5], [11]], yourRating: [[4]],
                      emailSaved: [["ada@example.com"]], started: [[new Date(2026, 11, 7)]], transcriptTitle: [[new Date(2026, 11, 7)]],
                    };
                    const tables = await Promise.all(codes.map((code) => import(`${server}/locales/${code}.js`).then((m) => m.default)));
                    const texts = (table, key) => typeof table[key] === "function"
                      ? (samples[key] || [[]]).map((args) => table[key].apply(table, args)) : [table[key]];
                    const [english] = tables;
                    const problems = [];
                    const keys = (table) => Object.keys(table).filter((key) => key !== "dir").sort().join(" ");
                    for (const [index, table] of tables.entries()) {
                      if (index === 0) continue;
                      if (keys(table) !== keys(english)) problems.push(`${codes[index]}: keys differ`);
                      for (const key of Object.keys(english)) {
                        const own = texts(table, key), theirs = texts(english, key);
                        own.forEach((text, n) => {
                          if (typeof text !== "string" || !text || text === theirs[n]) problems.push(`${codes[index]}.${key}: ${JSON.stringify(text)}`);
                        });
                      }
                    }
                    const [de, ar, ja] = ["de", "ar", "ja"].map((code) => tables[codes.indexOf(code)]);
                    done({ problems, missingSamples: Object.keys(english).filter((key) => typeof english[key] === "function" && !samples[key]),
                      de: [1, 2].map((n) => de.stars(n)), ar: [1, 2, 3, 11, 100].map((n) => ar.stars(n)),
                      en: [1, 2].map((n) => english.withUnread("openChat", n)), ja: ja.stars(3), arDir: ar.dir || "" });
                    """, arguments: [.string(app.widgetServer), .array(Self.locales.map(JSONValue.string))])
                #expect(report["problems"] == [], "\(report["problems"] ?? [])")
                #expect(report["missingSamples"] == [], "every sentence has sample arguments")
                #expect(report["en"] == ["Open chat, 1 unread message", "Open chat, 2 unread messages"])
                #expect(report["de"] == ["1 Stern", "2 Sterne"])
                // Arabic: one and two are words of their own; 3–10 take the plural, 11–99 the singular.
                let arabic = report["ar"]?.arrayValue?.compactMap(\.stringValue) ?? []
                #expect(arabic.count == 5)
                #expect(arabic.first == "نجمة واحدة")
                #expect(arabic.dropFirst().first == "نجمتان")
                #expect(arabic.dropFirst(2).first?.hasSuffix(" نجوم") == true)
                #expect(arabic.dropFirst(3).allSatisfy { $0.hasSuffix(" نجمة") })
                #expect(report["ja"] == "星3つ")
                #expect(report["arDir"] == "rtl")
            }
        }
    }

    @Test func dataLocaleSetLocaleTheBrowsersLanguageAndTheWebsitesLocaleInThatOrder() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: #"{"locale":"nl"}"#)
            let shown = "[$w('.root').lang, $w('.launcher').getAttribute('aria-label'), $w('h2').textContent, $w('textarea').placeholder]"
            // The browser asks for Polish, which the widget does not ship: the website's Dutch.
            let polish = #"<script>Object.defineProperty(Navigator.prototype, "languages", { get: () => ["pl-PL", "pl"] });</script>"#
            let dutch = try app.hostPage("website-locale", website: site.id, head: polish)
            // The browser asks for Brazilian Portuguese: that wins over the website's Dutch.
            let brazilian = #"<script>Object.defineProperty(Navigator.prototype, "languages", { get: () => ["pt-BR", "en"] });</script>"#
            let portuguese = try app.hostPage("browser-locale", website: site.id, head: brazilian)
            // data-locale wins over both; setLocale over data-locale; setLocale(null) goes back.
            let german = try app.hostPage("data-locale", website: site.id, attributes: [("data-locale", "de")], head: brazilian)
            try withBrowser { browser in
                try browser.navigate(to: dutch)
                try browser.waitUntil("isShown('.launcher')")
                #expect(try browser.executeScript("return " + shown) == ["nl", "Chat openen", "Chat met ons", "Typ een bericht…"])
                #expect(try browser.executeScript("return " + Self.loadedLocales) == ["nl.js"], "only the locale shown is loaded")

                try browser.navigate(to: portuguese)
                try browser.waitUntil("isShown('.launcher')")
                #expect(try browser.executeScript("return " + shown) == ["pt", "Abrir o chat", "Fale conosco", "Escreva uma mensagem…"])

                try browser.navigate(to: german)
                try browser.waitUntil("isShown('.launcher')")
                #expect(try browser.executeScript("return " + shown) == ["de", "Chat öffnen", "Chatten Sie mit uns", "Nachricht schreiben…"])
                #expect(try browser.executeScript("return " + Self.loadedLocales) == ["de.js"], "only the locale shown is loaded")

                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("$w('.status').dataset.mode === 'websocket'")
                #expect(try browser.executeScript("return $w('.status').textContent") == "Verbunden")
                _ = try browser.executeAsyncScript("WebChat.setLocale('fr').then(arguments[arguments.length - 1])")
                #expect(try browser.executeScript("return " + shown) == ["fr", "Fermer le chat", "Discutez avec nous", "Écrivez un message…"])
                #expect(try browser.executeScript("return $w('.status').textContent") == "Connecté")
                _ = try browser.executeAsyncScript("WebChat.setLocale('es-MX').then(arguments[arguments.length - 1])")
                #expect(try browser.executeScript("return " + shown) == ["es", "Cerrar el chat", "Hable con nosotros", "Escriba un mensaje…"])
                _ = try browser.executeAsyncScript("WebChat.setLocale(null).then(arguments[arguments.length - 1])")
                #expect(try browser.executeScript("return $w('.root').lang") == "de")
                let severe = try browser.browserLog().filter { $0.hasPrefix("SEVERE") }
                #expect(severe.isEmpty, "\(severe)")
            }
        }
    }

    @Test func noEnglishIsLeftInAnyViewOfAnyLocale() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: Self.settings)
            let agent = app.caller(site, role: "agent", sub: "agent-ada", name: "Ada")
            let url = try app.hostPage("walk", website: site.id, head: "<script>\(Self.helpers)</script>")
            try withBrowser(windowWidth: 1100, windowHeight: 800) { browser in
                try browser.navigate(to: url)
                try browser.waitUntil("isShown('.launcher')")
                try Self.expectNoEnglishLeft(in: browser, view: "the launcher", atLeast: 8)

                // Away, asking for an email; a wrong one refused.
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("isShown('#wc-email') && $w('.status').dataset.mode === 'websocket'")
                try browser.type("ada@" + Browser.enterKey, into: browser.executeScript("return $w('#wc-email')"))
                try browser.waitUntil("isShown('#wc-email-error')")
                try Self.expectNoEnglishLeft(in: browser, view: "the away notice", atLeast: 15)
                for (code, name) in [("de", "widget-locale-de.png"), ("ja", "widget-locale-ja.png")] {
                    _ = try Self.strings(in: browser, code)
                    try browser.screenshot(to: try screenshotPath(name))
                }
                _ = try Self.strings(in: browser, "en")

                // A conversation: the visitor's message and the agent's reply, a typing agent.
                try browser.type("Is the celadon cup back in stock?" + Browser.enterKey, into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("bubbles().length === 1")
                let chatID = try #require(agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.first?["id"]?.stringValue)
                _ = try agent.sendMessage("Yes, since this morning.", chat: chatID)
                try browser.waitUntil("bubbles().length === 2 && isShown('.tools .end')")
                try Self.expectNoEnglishLeft(in: browser, view: "the conversation", atLeast: 15)
                // Times in the locale's own form: English 12-hour, German 24-hour, Arabic with ص/م.
                let times = try browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    (async () => {
                      const shown = [];
                      for (const code of ['en', 'de', 'ar']) { await WebChat.setLocale(code); shown.push($w('.messages time').textContent); }
                      await WebChat.setLocale('en');
                      done(shown);
                    })();
                    """).arrayValue?.compactMap(\.stringValue) ?? []
                #expect(times.count == 3)
                #expect(times.first?.hasSuffix("AM") == true || times.first?.hasSuffix("PM") == true, "\(times)")
                #expect(times.dropFirst().first?.count == 5 && times.dropFirst().first?.dropFirst(2).first == ":", "\(times)")
                #expect(times.last?.hasSuffix("ص") == true || times.last?.hasSuffix("م") == true, "\(times)")

                // Ending: the question, then the rating form with its error.
                try browser.click(browser.executeScript("return $w('.tools .end')"))
                try browser.waitUntil("isShown('.confirm')")
                try Self.expectNoEnglishLeft(in: browser, view: "the question to end", atLeast: 15)
                try browser.click(browser.executeScript("return $w('.confirm .primary')"))
                try browser.waitUntil("isShown('.ended form.rating')")
                try browser.click(browser.executeScript("return $w('.rating .primary')"))
                try browser.waitUntil("isShown('#wc-rating-error')")
                try Self.expectNoEnglishLeft(in: browser, view: "the rating", atLeast: 20)
                #expect(try browser.executeScript("return $w('.messages .msg.system:last-child .bubble').textContent") == "You ended the conversation.")

                // Rated, then the list of conversations and an earlier one, read-only.
                try browser.click(browser.executeScript("return $w('label[for=wc-star-4]')"))
                try browser.click(browser.executeScript("return $w('.rating .primary')"))
                try browser.waitUntil("$w('.ended [role=status]')")
                try Self.expectNoEnglishLeft(in: browser, view: "the rating given", atLeast: 15)
                try browser.click(browser.executeScript("return $w('.ended > .secondary')"))
                try browser.type("One more question" + Browser.enterKey, into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("bubbles().length === 1 && isShown('.tools .end')")
                try browser.click(browser.executeScript("return $w('.tools button')"))
                try browser.waitUntil("$$w('.chats .item').length === 2")
                try Self.expectNoEnglishLeft(in: browser, view: "the conversations", atLeast: 8)
                try browser.click(browser.executeScript("return $$w('.chats .item')[1]"))
                try browser.waitUntil("$$w('.transcript .msg').length >= 3")
                try Self.expectNoEnglishLeft(in: browser, view: "an earlier conversation", atLeast: 6)
                // The server's refusal of the wrong email is the one failed request.
                let severe = try browser.browserLog().filter { $0.hasPrefix("SEVERE") && !$0.contains("/api/v1/me ") }
                #expect(severe.isEmpty, "\(severe)")
            }
        }
    }

    @Test func arabicIsLaidOutRightToLeftWithTheLauncherMirrored() async throws {
        try await withApp(publicFiles: [:]) { app in
            let site = try app.createWidgetWebsite(widget: Self.settings)
            let agent = app.caller(site, role: "agent", sub: "agent-ada", name: "Ada")
            let url = try app.hostPage("arabic", website: site.id, attributes: [("data-locale", "ar")])
            try withBrowser(windowWidth: 1100, windowHeight: 800) { browser in
                try browser.navigate(to: url)
                _ = try browser.executeScript(Geometry.helpers)
                try browser.waitUntil("isShown('.launcher')")
                // The website puts the launcher on the right: in Arabic it is on the left.
                #expect(try browser.executeScript("""
                    return [$w('.root').dir, $w('.root').lang, box($w('.launcher')).left < 100, box($w('.launcher')).right < innerWidth / 2,
                            $w('.launcher').getAttribute('aria-label')];
                    """) == ["rtl", "ar", true, true, "فتح المحادثة"])
                try browser.click(browser.executeScript("return $w('.launcher')"))
                try browser.waitUntil("isShown('#wc-email') && $w('.status').dataset.mode === 'websocket'")
                // The panel is mirrored: it opens above the launcher on the left, the close button
                // on the left of the title.
                #expect(try browser.executeScript("""
                    return [box($w('.panel')).left < 100, box($w('.close')).right < box($w('h2')).left,
                            getComputedStyle($w('.panel')).direction];
                    """) == [true, true, "rtl"])

                // Each message has its own direction: Arabic right to left, English left to right.
                try browser.type("هل الكوب متوفر؟" + Browser.enterKey, into: browser.executeScript("return $w('textarea')"))
                try browser.waitUntil("bubbles().length === 1")
                let chatID = try #require(agent.expect(200, "GET", "/api/v1/chats")["chats"]?.arrayValue?.first?["id"]?.stringValue)
                _ = try agent.sendMessage("Yes, it is back in stock.", chat: chatID)
                try browser.waitUntil("bubbles().length === 2")
                #expect(try browser.executeScript("""
                    return $$w('.messages .msg[data-id] .bubble').map((bubble) => [bubble.getAttribute('dir'), getComputedStyle(bubble).direction]);
                    """) == [["auto", "rtl"], ["auto", "ltr"]])
                // Mirrored as well: the visitor's own message on the left, the agent's on the right.
                #expect(try browser.executeScript("""
                    const [mine, theirs] = $$w('.messages .msg[data-id]').map(box);
                    return [mine.left < theirs.left, mine.right < theirs.right];
                    """) == [true, true])
                #expect(try AccessibilityCheck.seriousViolations(in: browser) == [])
                try browser.screenshot(to: try screenshotPath("widget-locale-ar.png"))
                let severe = try browser.browserLog().filter { $0.hasPrefix("SEVERE") }
                #expect(severe.isEmpty, "\(severe)")
            }
        }
    }
}
