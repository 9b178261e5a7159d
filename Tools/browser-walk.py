#!/usr/bin/env python3
"""The web service's walk in a real browser (issue 18): Chromium driven by Selenium.

    Tools/browser-walk.py --base http://127.0.0.1:PORT --users users.json --week 2026-11-30 --out DIR

`users.json` holds the users' one-time setup links, as `hubspoke user add` printed them:
    [{"name": "manager", "role": "manager", "link": "http://.../setup/TOKEN"},
     {"name": "lead-cant", "role": "pru_lead", "site": "PRU-CANT", "link": "..."},
     {"name": "lead-dov", "role": "pru_lead", "site": "PRU-DOV", "link": "..."},
     {"name": "ep1", "role": "specialist", "post": "EP-1", "link": "..."},
     {"name": "comm", "role": "commissioner", "link": "..."}]
(the commissioner is optional: without one, their step is left out)

The walk: every user sets their password through their link; the specialist issues their calendar
feed address (the feed holds no session at the lead's site yet); the PRU lead signs in and raises
the week's urgent EP sessions, with a short note (a note with a name is refused first); the second
PRU lead is refused the first one's request page, and cannot change it by posting; the manager signs
in, records an absence, plans (the job page, until done), checks the planned rota and a hand edit
that breaks the absence (the check form), and publishes; the first lead's requests are intact; the
specialist's feed, fetched over HTTP, then holds the new sessions at the lead's site, as the
published rota has them; before that, the manager finds cover for an absence (a job) and applies
option 1 as a draft. A commissioner then starts a tiny simulation (greedy, 2 replications, 8
weeks), follows its job page until done and opens its report, styled by the service's stylesheet
under the CSP. On the way, axe-core audits the main pages (no serious or critical
violation; results in DIR/axe-*.json), and the week page is shot at 1280 and 390 px wide
(DIR/week-1280.png, DIR/week-390.png). Every wait is bounded; the first failed step stops the walk
with its message on stderr and exit status 1 (2 when the browser or Selenium is missing).
"""

import argparse
import json
import os
import re
import secrets
import sys
import time
import urllib.error
import urllib.request

SETUP_HINT = "run Tools/setup.sh --test (it installs chromium, chromium-driver, selenium and axe-selenium-python)"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PAGE_TIMEOUT = 30      # seconds for a page to load
PLAN_TIMEOUT = 300     # seconds for the plan job to finish
SIMULATION_TIMEOUT = 120  # seconds for the commissioner's tiny simulation to finish
SERVER_TIMEOUT = 60    # seconds for the service to answer at all
SCRIPT_TIMEOUT = 60    # seconds for axe-core to audit a page
BLOCKING = ("serious", "critical")

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, TimeoutException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
    from axe_selenium_python import Axe
except ImportError as missing:  # pragma: no cover - the environment's fault, not the walk's
    print(f"browser-walk: {missing}: {SETUP_HINT}", file=sys.stderr)
    sys.exit(2)


class WalkFailure(Exception):
    """A step of the walk found the page other than it should be."""


def check(condition, message):
    if not condition:
        raise WalkFailure(message)


class Walk:
    def __init__(self, base, users, week, out):
        self.base, self.users, self.week, self.out = base.rstrip("/"), users, week, out
        self.passwords = {}
        self.axe_results = {}
        self.step = "starting the browser"
        self.driver = self.start_browser()

    # -- the browser -------------------------------------------------------------------------
    @staticmethod
    def start_browser():
        for path in (CHROMIUM, CHROMEDRIVER):
            if not os.access(path, os.X_OK):
                print(f"browser-walk: {path} is missing: {SETUP_HINT}", file=sys.stderr)
                sys.exit(2)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in ("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                    "--no-first-run", "--disable-extensions", "--lang=en-GB"):
            options.add_argument(arg)
        if os.geteuid() == 0:
            options.add_argument("--no-sandbox")
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        driver.set_page_load_timeout(PAGE_TIMEOUT)
        driver.set_script_timeout(SCRIPT_TIMEOUT)
        return driver

    def open(self, path):
        self.driver.get(path if path.startswith("http") else self.base + path)

    def title(self):
        return self.settled(lambda: next((h.text for h in self.driver.find_elements(By.TAG_NAME, "h1")), ""))

    def text(self):
        return self.settled(lambda: self.driver.find_element(By.TAG_NAME, "body").text)

    def settled(self, read):
        """What `read` finds, read again if the page was replaced meanwhile (the job page reloads itself)."""
        for _ in range(10):
            try:
                return read()
            except (StaleElementReferenceException, NoSuchElementException):
                time.sleep(0.2)
        raise WalkFailure(f"{self.step}: the page {self.driver.current_url} kept changing under the reader")

    def expect_title(self, wanted, where):
        got = self.title()
        check(wanted in got, f"{where}: the page's heading is {got!r}, not {wanted!r}; the page says: {self.text()[:400]!r}")

    def expect_text(self, wanted, where):
        body = self.text()
        check(wanted in body, f"{where}: the page does not say {wanted!r}; it says: {body[:600]!r}")

    def submit(self, form):
        """Submits a form with its button, and waits for the next page."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        try:
            WebDriverWait(self.driver, PAGE_TIMEOUT).until(lambda d: self.stale(old))
        except TimeoutException:
            raise WalkFailure(f"{self.step}: no new page {PAGE_TIMEOUT} s after submitting the form")

    @staticmethod
    def stale(element):
        try:
            element.tag_name
            return False
        except WebDriverException:
            return True

    def form(self, action):
        """The form posting to `action` (a path)."""
        forms = [f for f in self.driver.find_elements(By.TAG_NAME, "form")
                 if (f.get_attribute("action") or "").endswith(action)]
        check(forms, f"{self.step}: the page {self.driver.current_url} has no form to {action}")
        return forms[0]

    def audit(self, name):
        """axe-core on the page: no serious or critical violation; the results kept for the JSON file."""
        results = None
        for attempt in range(3):  # axe-core in a busy machine's browser can miss the script timeout: try again
            try:
                axe = Axe(self.driver)
                axe.inject()
                results = axe.run()
                break
            except TimeoutException:
                self.driver.refresh()
        check(results is not None, f"accessibility of the {name} page: axe-core did not finish in 3 tries of {SCRIPT_TIMEOUT} s")
        self.axe_results[name] = {"url": self.driver.current_url, "violations": results["violations"],
                                  "passes": len(results["passes"]), "incomplete": len(results["incomplete"])}
        bad = [v for v in results["violations"] if v.get("impact") in BLOCKING]
        with open(os.path.join(self.out, f"axe-{name}.json"), "w") as f:
            json.dump(self.axe_results[name], f, indent=2, sort_keys=True)
        check(not bad, f"accessibility of the {name} page: " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in bad))

    def screenshot(self, name, width, anchor):
        """The whole page at `width` px (NAME-WIDTH.png), and two screens of it, at the top and at
        `anchor` (NAME-WIDTH-top.png, NAME-WIDTH-ANCHOR.png), small enough to look at."""
        self.driver.set_window_size(width, 900)
        for part, target in (("top", None), (anchor, anchor)):
            self.driver.execute_script("arguments[0] ? document.getElementById(arguments[0]).scrollIntoView() : window.scrollTo(0, 0);", target)
            self.save(f"{name}-{width}-{part}.png")
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(width, min(max(height, 600), 8000))
        self.save(f"{name}-{width}.png")
        self.driver.set_window_size(1280, 900)

    def save(self, file):
        path = os.path.join(self.out, file)
        check(self.driver.save_screenshot(path), f"the screenshot {path} was not written")

    # -- the users ---------------------------------------------------------------------------
    def user(self, role, **where):
        for u in self.users:
            if u["role"] == role and all(u.get(k) == v for k, v in where.items()):
                return u
        raise WalkFailure(f"the users file has no {role} with {where}")

    def set_password(self, user):
        self.step = f"{user['name']} sets their password"
        self.open(user["link"])
        self.expect_title("Set your password", self.step)
        self.expect_text(f"User {user['name']}", self.step)
        password = "walk " + secrets.token_urlsafe(12)
        self.driver.find_element(By.ID, "f-password").send_keys(password)
        self.driver.find_element(By.ID, "f-confirm").send_keys(password)
        self.submit(self.driver.find_element(By.TAG_NAME, "form"))
        self.expect_title("Sign in", self.step)
        self.expect_text("Your password is set", self.step)
        self.passwords[user["name"]] = password
        self.step = f"{user['name']}'s link once used"
        self.open(user["link"])
        self.expect_text("this link is not valid", self.step)

    def sign_in(self, user):
        self.step = f"{user['name']} signs in"
        self.open("/login")
        self.expect_title("Sign in", self.step)
        self.driver.find_element(By.ID, "f-name").send_keys(user["name"])
        self.driver.find_element(By.ID, "f-password").send_keys(self.passwords[user["name"]])
        self.submit(self.form("/login"))
        self.expect_title("Weeks", self.step)
        self.expect_text(f"Signed in as {user['name']}", self.step)

    def sign_out(self, user):
        self.step = f"{user['name']} signs out"
        self.open("/home")  # an error page has no navigation, so no sign-out button
        self.submit(self.form("/logout"))
        self.expect_title("Sign in", self.step)
        self.expect_text("You have signed out", self.step)
        self.open(f"/weeks/{self.week}")
        self.expect_title("Sign in", f"{self.step}: the week page after signing out")

    # -- the walk ----------------------------------------------------------------------------
    def run(self):
        manager = self.user("manager")
        lead = self.user("pru_lead", site="PRU-CANT")
        other = next((u for u in self.users if u["role"] == "pru_lead" and u.get("site") != lead["site"]), None)
        check(other, "the users file has no second PRU lead")
        specialist = self.user("specialist", post="EP-1")
        commissioner = next((u for u in self.users if u["role"] == "commissioner"), None)
        self.wait_for_server()
        self.open("/login")
        self.audit("sign-in")
        for u in (manager, lead, other, specialist) + ((commissioner,) if commissioner else ()):
            self.set_password(u)
        feed = self.issue_feed(specialist)
        before = self.feed_sessions(feed, lead["site"])
        check(not before, f"the feed holds sessions at {lead['site']} before any rota is published: {before}")
        requests_path = self.submit_requests(lead)
        self.refused(other, lead, requests_path)
        absence = self.manage(manager, lead, requests_path)
        self.specialist_sees(specialist, feed, lead["site"], absence)
        if commissioner:
            self.commission(commissioner)
        self.step = "writing the accessibility results"
        with open(os.path.join(self.out, "axe-results.json"), "w") as f:
            json.dump(self.axe_results, f, indent=2, sort_keys=True)

    def wait_for_server(self):
        self.step = f"waiting for the service at {self.base}"
        deadline = time.monotonic() + SERVER_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(self.base + "/login", timeout=5) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError):
                pass
            check(time.monotonic() < deadline, f"{self.step}: no answer within {SERVER_TIMEOUT} s")
            time.sleep(0.5)

    def issue_feed(self, specialist):
        self.sign_in(specialist)
        self.step = f"{specialist['name']} issues a calendar feed address"
        self.open("/my/feed")
        self.expect_title("My calendar feed", self.step)
        self.expect_text("You have no feed yet", self.step)
        self.submit(self.form("/my/feed"))
        codes = [c.text for c in self.driver.find_elements(By.TAG_NAME, "code")]
        feeds = [c for c in codes if re.search(r"/feeds/[^/]+/post-EP-1\.ics$", c)]
        check(feeds, f"{self.step}: the page shows no feed address; it says {self.text()[:400]!r}")
        self.sign_out(specialist)
        return feeds[0]

    def submit_requests(self, lead):
        site, path = lead["site"], f"/weeks/{self.week}/requests/{lead['site']}"
        self.sign_in(lead)
        self.audit("start")
        self.step = f"{lead['name']} opens {site}'s requests from the start page"
        links = self.driver.find_elements(By.CSS_SELECTOR, f"a[href='{path}']")
        check(links, f"{self.step}: the start page has no link to {path}")
        check(not self.driver.find_elements(By.CSS_SELECTOR, "a.request-link:not([href$='/" + site + "'])"),
              f"{self.step}: the start page links to another site's requests")
        links[0].click()
        self.expect_title(f"Requests of {site}", self.step)
        self.expect_text("Not saved yet", self.step)
        self.expect_text("Do not enter names", self.step)
        self.audit("requests")
        self.step = f"{lead['name']} writes a name in the note"
        self.fill_requests(urgent_ep=2, note="Urgent EP casework for John Smith")
        self.expect_text("Not saved:", self.step)
        self.expect_text("looks like a person's name", self.step)
        self.step = f"{lead['name']} raises {site}'s urgent EP sessions"
        self.open(path)
        self.expect_text("Not saved yet", f"{self.step}: the refused note saved nothing")
        self.fill_requests(urgent_ep=2, note="two more urgent EP sessions: new referrals this week")
        self.expect_text("Saved as version 1.", self.step)
        self.expect_text("Version 1, saved", self.step)
        value = self.driver.find_element(By.NAME, "s-EP-urgent").get_attribute("value")
        check(value == "2", f"{self.step}: the saved form shows {value!r} urgent EP sessions, not 2")
        self.sign_out(lead)
        return path

    def fill_requests(self, urgent_ep, note):
        field = self.driver.find_element(By.NAME, "s-EP-urgent")
        field.clear()
        field.send_keys(str(urgent_ep))
        textarea = self.driver.find_element(By.ID, "f-note")
        textarea.clear()
        textarea.send_keys(note)
        self.submit(self.form(self.driver.current_url.split("?")[0].replace(self.base, "")))

    def refused(self, other, lead, path):
        self.sign_in(other)
        self.step = f"{other['name']} ({other['site']}) opens {lead['site']}'s requests"
        check(not self.driver.find_elements(By.CSS_SELECTOR, f"a[href='{path}']"),
              f"{self.step}: the start page links to {path}")
        self.open(path)
        self.expect_title("403", self.step)
        self.expect_text(f"site {lead['site']} is not one of yours", self.step)
        self.step = f"{other['name']} posts to {lead['site']}'s requests with their own form"
        own = f"/weeks/{self.week}/requests/{other['site']}"
        self.open(own)
        self.expect_title(f"Requests of {other['site']}", self.step)
        form = self.form(own)
        self.driver.execute_script("arguments[0].setAttribute('action', arguments[1]);", form, path)
        field = self.driver.find_element(By.NAME, "s-EP-urgent")
        field.clear()
        field.send_keys("9")
        self.submit(form)
        self.expect_title("403", self.step)
        self.sign_out(other)

    def manage(self, manager, lead, requests_path):
        self.sign_in(manager)
        self.step = f"the manager sees {lead['site']}'s requests intact"
        self.open(requests_path)
        self.expect_text(f"Version 1, saved", self.step)
        self.expect_text(f"by {lead['name']}", self.step)
        value = self.driver.find_element(By.NAME, "s-EP-urgent").get_attribute("value")
        check(value == "2", f"{self.step}: {value!r} urgent EP sessions, not 2 (the other lead's post changed them?)")
        absence = self.record_absence()
        self.plan()
        rota = self.api_rota()
        self.step = "the plan honours the absence"
        clash = [s for s in rota["sessions"] if s["post"] == absence["post"] and s["date"] == absence["date"]]
        check(not clash, f"{self.step}: {absence['post']} works on {absence['date']}: {clash}")
        self.check_hand_edit(rota, absence)
        self.publish(rota["version"])
        self.cover(rota["version"])
        self.step = "the manager's users page"
        self.open("/users")
        self.expect_title("Users", self.step)
        self.expect_text(lead["name"], self.step)
        self.audit("users")
        self.sign_out(manager)
        return absence

    def record_absence(self):
        self.step = "the manager records an absence"
        self.open(f"/weeks/{self.week}")
        self.expect_text("This week has no rota yet", self.step)
        form = self.form(f"/weeks/{self.week}/absences")
        post = "SLT-1"
        Select(form.find_element(By.NAME, "post")).select_by_value(post)
        day = Select(form.find_element(By.NAME, "date"))
        date = day.options[3].get_attribute("value")
        day.select_by_value(date)
        Select(form.find_element(By.NAME, "half")).select_by_value("day")
        form.find_element(By.NAME, "reason").send_keys("training course")
        self.submit(form)
        self.expect_text(f"Absence of {post} recorded", self.step)
        return {"post": post, "date": date}

    def wait_for_job(self, timeout):
        """On a job's page (it reloads itself): until it says done, within `timeout` seconds; a failed job fails the step."""
        self.expect_title("Job #", self.step)
        deadline = time.monotonic() + timeout
        while "State: done." not in self.text():
            check("State: failed." not in self.text(), f"{self.step}: the job failed: {self.text()[:600]!r}")
            check(time.monotonic() < deadline, f"{self.step}: the job is not done after {timeout} s: {self.text()[:300]!r}")
            time.sleep(1)
            self.driver.refresh()

    def plan(self):
        self.step = "the manager plans the week"
        self.submit(self.form(f"/weeks/{self.week}/plan"))
        self.wait_for_job(PLAN_TIMEOUT)
        self.expect_text("saved as a draft", self.step)
        self.audit("job")  # once done: while it runs, the page reloads itself under axe
        self.driver.find_element(By.LINK_TEXT, self.driver.find_element(By.CSS_SELECTOR, "main p a").text).click()
        self.expect_title("Week of", self.step)
        self.expect_text("Version 1 (draft)", self.step)
        self.audit("week")
        for width in (1280, 390):
            self.screenshot("week", width, "actions-h")

    def commission(self, commissioner):
        """The commissioner starts a tiny simulation from the form, waits on its job page (it reloads
        itself) and opens the report, whose stylesheet comes from the service (the CSP allows no inline style)."""
        self.sign_in(commissioner)
        self.step = f"{commissioner['name']} starts a simulation"
        self.open("/simulations/new")
        self.expect_title("Start a simulation", self.step)
        self.audit("simulation-form")
        form = self.form("/simulations")
        for box in form.find_elements(By.CSS_SELECTOR, "input[type=checkbox]"):
            if box.is_selected() != (box.get_attribute("name") == "policy-greedy"):
                box.click()
        for name, value in (("weeks", "8"), ("replications", "2")):
            field = form.find_element(By.NAME, name)
            field.clear()
            field.send_keys(value)
        self.submit(form)
        self.wait_for_job(SIMULATION_TIMEOUT)
        self.expect_text("2 replication(s)", self.step)
        self.audit("simulation-job")
        self.step = f"{commissioner['name']} reads the simulation's report"
        self.driver.find_element(By.PARTIAL_LINK_TEXT, "Open the report").click()
        self.expect_title("Simulation:", self.step)
        self.audit("simulation-report")
        rules = self.driver.execute_script("return [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0)")
        check(rules > 0, f"{self.step}: the report has no stylesheet the browser applied")
        self.sign_out(commissioner)

    def cover(self, version):
        """Cover for an absence, found as a job from the week's page: the options on the job page (the
        tolerance as the CLI states it), shot at 390 px, and option 1 applied as the next version, a draft."""
        self.step = "the manager finds cover for an absence"
        self.open(f"/weeks/{self.week}")
        self.driver.find_element(By.LINK_TEXT, "Cover an absence or a gap, or repair the week").click()
        self.expect_title("Cover and repair", self.step)
        form = self.form(f"/weeks/{self.week}/suggest")
        Select(form.find_element(By.NAME, "post")).select_by_value("MHT-E")
        Select(form.find_element(By.NAME, "date")).select_by_index(2)
        k = form.find_element(By.NAME, "k")
        k.clear()
        k.send_keys("2")
        self.submit(form)
        self.wait_for_job(PLAN_TIMEOUT)
        self.expect_text("Option 1: objective", self.step)
        self.expect_text("Each option is optimal, within a relative gap of", self.step)
        self.audit("cover")
        self.screenshot("cover", 390, "option-1")
        self.step = "the manager applies option 1"
        self.submit(self.form("/apply"))
        self.expect_text(f"Option 1 saved as version {version + 1}, a draft", self.step)

    def api_rota(self):
        self.step = "the manager reads the week's rota from the API"
        self.open(f"/api/v1/weeks/{self.week}/rota")
        try:
            rota = json.loads(self.driver.find_element(By.TAG_NAME, "body").text)
        except json.JSONDecodeError as e:
            raise WalkFailure(f"{self.step}: not JSON ({e}): {self.text()[:300]!r}")
        check(rota.get("sessions"), f"{self.step}: no sessions: {rota}")
        return rota

    def check_hand_edit(self, rota, absence):
        # Sessions, then protected time (a post, its site and the commitment's name as the note).
        rows = ["date,half,post,site,note"] + [f"{s['date']},{s['half']},{s['post']},{s['site']}," for s in rota["sessions"]] \
            + [f"{p['date']},{p['half']},{p['post']},{p['site']},{p['commitment']}" for p in rota.get("protected", [])]
        self.step = "the manager checks the planned rota, unedited"
        self.check_form("\n".join(rows) + "\n")
        self.expect_text(f"Every hard rule holds: {len(rota['sessions'])} sessions", self.step)
        self.step = "the manager checks a hand edit that puts the absent post to work"
        site = next((s["site"] for s in rota["sessions"] if s["post"] == absence["post"]), "HUB")
        edited = rows + [f"{absence['date']},AM,{absence['post']},{site},"]
        self.check_form("\n".join(edited) + "\n")
        self.expect_text("hard rule(s) broken", self.step)
        self.expect_text(absence["post"], self.step)

    def check_form(self, csv):
        self.open(f"/weeks/{self.week}")
        form = self.form(f"/weeks/{self.week}/check")
        area = form.find_element(By.NAME, "rota")
        # A long CSV typed key by key is slow: set the value, as a paste would.
        self.driver.execute_script("arguments[0].value = arguments[1];", area, csv)
        self.submit(form)
        self.expect_title("Check of a hand-edited rota", self.step)

    def publish(self, version):
        self.step = f"the manager publishes version {version}"
        self.open(f"/weeks/{self.week}")
        form = self.form(f"/weeks/{self.week}/publish")
        Select(form.find_element(By.NAME, "version")).select_by_value(str(version))
        self.submit(form)
        self.expect_text(f"Published week {self.week} version {version}.", self.step)
        self.expect_text(f"Version {version} (published, the week's rota)", self.step)

    def specialist_sees(self, specialist, feed, site, absence):
        self.sign_in(specialist)
        self.step = f"{specialist['name']} reads their published rota"
        self.open(f"/weeks/{self.week}")
        self.expect_text("(published, the week's rota)", self.step)
        self.audit("specialist-rota")
        self.open("/my/feed")
        self.expect_text("Your feed is live", self.step)
        rota = self.api_rota()
        mine, held = rota["sessions"], rota.get("protected", [])
        self.sign_out(specialist)
        self.step = f"the feed of {specialist['post']} holds the new sessions at {site}"
        check(all(s["post"] == specialist["post"] for s in mine), f"{self.step}: the specialist's rota shows other posts: {mine}")
        published = sorted((s["date"], s["half"].upper()) for s in mine if s["site"] == site)
        check(published, f"{self.step}: the published rota has no {specialist['post']} session at {site} after the urgent requests")
        got = self.feed_sessions(feed, site)
        check(got == published, f"{self.step}: the feed has {got} at {site}, the published rota {published}")
        every = self.feed_sessions(feed)
        # Sessions and protected time (team meeting, write-up): each an event of the feed.
        expected = sorted((s["date"], s["half"].upper()) for s in mine + held)
        check(every == expected, f"{self.step}: the feed has {every}, the published rota {mine} and protected time {held}")

    # -- the feed, over HTTP -----------------------------------------------------------------
    def feed_events(self, url):
        try:
            with urllib.request.urlopen(url, timeout=PAGE_TIMEOUT) as r:
                check(r.status == 200, f"{self.step}: the feed answered {r.status}")
                check(r.headers.get("Content-Type", "").startswith("text/calendar"), f"{self.step}: the feed is {r.headers.get('Content-Type')}")
                text = r.read().decode("utf-8")
        except urllib.error.URLError as e:
            raise WalkFailure(f"{self.step}: the feed {url}: {e}")
        check(text.startswith("BEGIN:VCALENDAR"), f"{self.step}: the feed is not a calendar: {text[:200]!r}")
        unfolded = text.replace("\r\n ", "").replace("\r\n\t", "")
        return re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", unfolded, re.S)

    def feed_sessions(self, url, site=None):
        """The (date, AM|PM) of the feed's sessions (at `site`, by the event's DESCRIPTION), from their
        UIDs (POST-DATE-HALF@hubspoke); all-day events (bank holidays) are not sessions."""
        sessions = []
        for event in self.feed_events(url):
            props = {line.split(":", 1)[0].split(";")[0]: line.split(":", 1)[1] for line in event.split("\r\n") if ":" in line}
            m = re.match(r"^[A-Za-z0-9-]+?-(\d{4}-\d{2}-\d{2})-(am|pm)@", props.get("UID", ""))
            if not m:
                continue
            if site is not None and f"Site: {site}\\," not in props.get("DESCRIPTION", ""):
                continue
            sessions.append((m[1], m[2].upper()))
        return sorted(sessions)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True, help="the service's address, e.g. http://127.0.0.1:8080")
    ap.add_argument("--users", required=True, help="the users' one-time links (JSON; see the top of this file)")
    ap.add_argument("--week", required=True, help="the week to walk (its Monday, YYYY-MM-DD)")
    ap.add_argument("--out", required=True, help="the folder for the axe results and the screenshots")
    args = ap.parse_args()
    with open(args.users) as f:
        users = json.load(f)
    os.makedirs(args.out, exist_ok=True)
    walk = Walk(args.base, users, args.week, args.out)
    try:
        walk.run()
    except WalkFailure as failure:
        print(f"browser-walk: FAILED: {failure}", file=sys.stderr)
        walk.driver.save_screenshot(os.path.join(args.out, "failure.png"))
        return 1
    except WebDriverException as e:
        print(f"browser-walk: FAILED at {walk.step}: the browser: {e.msg}", file=sys.stderr)
        return 1
    finally:
        walk.driver.quit()
    print(f"browser-walk: passed: {len(walk.axe_results)} pages audited, no serious or critical violation; "
          f"screenshots and axe results in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
