#!/usr/bin/env python3
"""The web service in a real browser (headless Chromium through chromedriver, driven by Selenium):

    Tools/browser-walk.py HUBSPOKE_BINARY OUTPUT_FOLDER [PORT]

A PRU lead signs in and submits requests; the manager signs in, records an absence, plans (a job),
checks a hand edit and publishes; the specialist's feed then holds the new sessions; a second PRU lead
is refused the first one's page. axe-core (axe-selenium-python) audits the main pages: no serious or
critical violation. Screenshots of the week page at 1280 and 390 px wide go to OUTPUT_FOLDER. Prints
one line per step; exit 0 when every step holds, 1 otherwise.
"""
import os, re, subprocess, sys, tempfile, time, urllib.request
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from axe_selenium_python import Axe

BIN, OUT = sys.argv[1], sys.argv[2]
PORT = int(sys.argv[3]) if len(sys.argv) > 3 else 18090
BASE = f"http://127.0.0.1:{PORT}"
WEEK = "2026-11-30"
PASSWORD = "river otter lamp 42"
failures = []

def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok: failures.append(what)

def wait_for(driver, text, seconds=60):
    """Whether the page shows `text` within `seconds` (a click's page load is not waited for)."""
    end = time.time() + seconds
    while time.time() < end:
        if text in driver.page_source: return True
        time.sleep(0.2)
    return False

def run(*args):
    return subprocess.run([BIN, *args], capture_output=True, text=True, check=True).stdout

os.makedirs(OUT, exist_ok=True)
work = tempfile.mkdtemp(prefix="hubspoke-browser-")
ws = os.path.join(work, "hubspoke.sqlite")
log = open(os.path.join(work, "serve.log"), "w+")
server = subprocess.Popen([BIN, "serve", "--workspace", ws, "--port", str(PORT)], stdout=log, stderr=subprocess.STDOUT)
try:
    for _ in range(120):
        log.seek(0); text = log.read()
        if "listening" in text: break
        time.sleep(0.5)
    links = {"manager": re.search(r"/setup/[A-Za-z0-9_-]+", text).group(0)}
    for name, extra in [("lead", ["--role", "pru_lead", "--site", "PRU-CANT"]), ("lead2", ["--role", "pru_lead", "--site", "PRU-DOV"]),
                        ("ep1", ["--role", "specialist", "--post", "EP-1"])]:
        links[name] = re.search(r"/setup/[A-Za-z0-9_-]+", run("user", "add", name, *extra, "--workspace", ws)).group(0)

    options = webdriver.ChromeOptions()
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"]:
        options.add_argument(a)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(120)

    def audit(name):
        axe = Axe(driver); axe.inject()
        bad = [v for v in axe.run()["violations"] if v.get("impact") in ("serious", "critical")]
        check(not bad, f"axe: {name}: no serious or critical violation" + (f" ({[v['id'] for v in bad]})" if bad else ""))

    def sign_in(name):
        driver.delete_all_cookies()
        driver.get(BASE + "/login")
        driver.find_element(By.NAME, "name").send_keys(name)
        driver.find_element(By.NAME, "password").send_keys(PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    wait_for(driver, "Sign out")

    for name, link in links.items():
        driver.delete_all_cookies()
        driver.get(BASE + link)
        driver.find_element(By.NAME, "password").send_keys(PASSWORD)
        driver.find_element(By.NAME, "confirm").send_keys(PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "form button").click()
        check(wait_for(driver, "password is set"), f"{name} sets their password through the one-time link")
    driver.get(BASE + "/login"); audit("sign-in page")

    # A PRU lead submits requests.
    sign_in("lead"); audit("start page (PRU lead)")
    driver.get(f"{BASE}/weeks/{WEEK}/requests/PRU-CANT"); audit("requests form")
    box = driver.find_element(By.NAME, "s-EP-urgent"); box.clear(); box.send_keys("3")
    driver.find_element(By.NAME, "note").send_keys("two urgent assessments")
    driver.find_element(By.XPATH, "//button[text()='Save requests']").click()
    check(wait_for(driver, "Saved as version 1"), "the PRU lead's requests are saved")

    # The manager records an absence, plans, checks a hand edit, publishes.
    sign_in("manager")
    driver.get(f"{BASE}/weeks/{WEEK}")
    form = driver.find_element(By.CSS_SELECTOR, f"form[action='/weeks/{WEEK}/absences']")
    Select(form.find_element(By.NAME, "post")).select_by_value("MHT-W")
    Select(form.find_element(By.NAME, "date")).select_by_value("2026-12-02")
    form.find_element(By.TAG_NAME, "button").click()
    check(wait_for(driver, "Absence of MHT-W recorded"), "the manager records an absence")
    driver.find_element(By.XPATH, "//button[text()='Plan the week']").click()
    wait_for(driver, "Job #")
    for _ in range(240):
        if "State: done" in driver.page_source or "State: failed" in driver.page_source: break
        time.sleep(1); driver.refresh()
    check("State: done" in driver.page_source, "the plan job ends done: " + driver.find_element(By.TAG_NAME, "main").text[:200].replace("\n", " "))
    driver.get(f"{BASE}/weeks/{WEEK}"); audit("week page (manager)")
    csv = run("rota", "--format", "csv", "--quiet")
    driver.find_element(By.NAME, "rota").send_keys(csv)
    driver.find_element(By.XPATH, "//button[text()='Check']").click()
    check(wait_for(driver, "hard rule"), "the manager checks a hand-edited rota: " + driver.find_element(By.TAG_NAME, "main").text[:160].replace("\n", " "))
    driver.get(f"{BASE}/weeks/{WEEK}")
    driver.find_element(By.XPATH, "//button[text()='Publish']").click()
    check(wait_for(driver, "Published week 2026-11-30 version 1"), "the manager publishes")
    for width in (1280, 390):
        driver.set_window_size(width, 900)
        driver.get(f"{BASE}/weeks/{WEEK}")
        driver.save_screenshot(os.path.join(OUT, f"week-{width}.png"))
    driver.set_window_size(1280, 900)

    # The specialist's feed holds the new sessions.
    sign_in("ep1"); audit("start page (specialist)")
    driver.get(BASE + "/my/feed")
    driver.find_element(By.CSS_SELECTOR, "form[action='/my/feed'] button").click()
    wait_for(driver, "/feeds/")
    feed = re.search(r"http://[^<\s]+/feeds/[A-Za-z0-9_-]+/post-EP-1\.ics", driver.page_source).group(0)
    ics = urllib.request.urlopen(feed).read().decode()
    check("BEGIN:VEVENT" in ics and "UID:EP-1-2026-" in ics, f"the specialist's feed holds the published sessions ({ics.count('BEGIN:VEVENT')} events)")

    # A second PRU lead is refused the first one's page.
    sign_in("lead2")
    driver.get(f"{BASE}/weeks/{WEEK}/requests/PRU-CANT")
    check("403" in driver.title and "not one of yours" in driver.page_source, "a second PRU lead is refused the first one's page")
    driver.quit()
finally:
    server.terminate(); server.wait(timeout=30)
print("browser walk: " + ("every step held" if not failures else f"{len(failures)} step(s) failed"))
sys.exit(1 if failures else 0)
