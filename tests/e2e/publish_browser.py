"""Drive Debian's headless Chromium through chromedriver (python3-selenium) over a site written by
`bench-gate publish` (tests/e2e/test_publish_browser.sh). Usage:
  publish_browser.py check SITE SHOTS HOSTILE_NAME   the functional checks; screenshots to SHOTS
  publish_browser.py time SITE                       median load time of SITE's index (printed)
Exits 1 naming the first failed check."""
import json
import pathlib
import statistics
import sys

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                "--disable-dev-shm-usage", "--no-first-run"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path="/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


def fail(what):
    print(f"FAIL: {what}", file=sys.stderr)
    sys.exit(1)


def console_errors(driver, page):
    """The console messages of level SEVERE (errors, CSP violations, failed loads) since the last call."""
    bad = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    if bad:
        fail(f"{page}: console errors: {bad[:3]}")


def no_alert(driver, page):
    try:
        text = driver.switch_to.alert.text
    except NoAlertPresentException:
        return
    fail(f"{page}: an alert ran: {text!r}")


def check(site, shots, hostile):
    site = pathlib.Path(site).resolve()
    shots = pathlib.Path(shots)
    shots.mkdir(parents=True, exist_ok=True)
    driver = browser()
    try:
        driver.get((site / "index.html").as_uri())
        console_errors(driver, "index")
        if len(driver.find_elements(By.CSS_SELECTOR, "#chart canvas")) < 1:
            fail("index: no trend chart drawn")
        rows = driver.find_elements(By.CSS_SELECTOR, "#benchmarks tbody tr")
        total = len(rows)
        if total < 2:
            fail(f"index: {total} benchmark rows")
        # The filter is reachable with the keyboard: Tab from the page's start reaches it.
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        for _ in range(60):
            if driver.switch_to.active_element.get_attribute("id") == "search":
                break
            driver.switch_to.active_element.send_keys(Keys.TAB)
        else:
            fail("index: the search field is not reachable with Tab")
        driver.switch_to.active_element.send_keys("onerror")
        visible = [r for r in rows if r.is_displayed()]
        if not 1 <= len(visible) < total:
            fail(f"index: the search filter shows {len(visible)} of {total}")
        shown = driver.find_element(By.ID, "shown").text
        if shown != f"{len(visible)} of {total} shown":
            fail(f"index: the count says {shown!r}")
        link = visible[0].find_element(By.TAG_NAME, "a")
        if link.text != hostile:
            fail(f"index: the hostile name shows as {link.text!r}")
        driver.save_screenshot(str(shots / "index-filtered.png"))
        driver.switch_to.active_element.clear()
        driver.switch_to.active_element.send_keys(Keys.BACKSPACE)
        driver.execute_script("document.getElementById('search').dispatchEvent(new Event('input'))")
        driver.save_screenshot(str(shots / "index.png"))
        no_alert(driver, "index")
        pages = sorted((site / "b").glob("*.html"), key=lambda p: int(p.stem))
        if len(pages) != total:
            fail(f"{len(pages)} benchmark pages for {total} rows")
        for page in pages:
            driver.get(page.as_uri())
            console_errors(driver, page.name)
            no_alert(driver, page.name)
            charts = driver.find_elements(By.CSS_SELECTOR, "#chart .uplot")
            if len(charts) != 1 or not driver.find_elements(By.CSS_SELECTOR, "#chart canvas"):
                fail(f"{page.name}: {len(charts)} charts drawn")
            if driver.find_elements(By.TAG_NAME, "img"):
                fail(f"{page.name}: an <img> element exists")
            title = driver.find_element(By.TAG_NAME, "h1").text
            if title == hostile:
                check_hostile_page(driver, page, shots)
        driver.get(pages[-1].as_uri())
        hover_and_toggle(driver, pages[-1].name, shots)
        change_points(driver, site, shots)
    finally:
        driver.quit()


def check_hostile_page(driver, page, shots):
    caption = driver.find_element(By.ID, "chart-title").text
    if not caption.startswith("BM_<img src=x onerror=alert(1)>"):
        fail(f"{page.name}: caption {caption!r}")
    driver.save_screenshot(str(shots / "hostile.png"))


def hover_and_toggle(driver, name, shots):
    over = driver.find_element(By.CSS_SELECTOR, "#chart .u-over")
    ActionChains(driver).move_to_element(over).perform()
    hover = driver.find_element(By.ID, "hover").text
    if "median" not in hover or "·" not in hover:
        fail(f"{name}: hover shows {hover!r}")
    driver.save_screenshot(str(shots / "benchmark.png"))
    driver.find_element(By.ID, "log-scale").click()
    if len(driver.find_elements(By.CSS_SELECTOR, "#chart .uplot")) != 1:
        fail(f"{name}: no chart after the log-scale toggle")
    console_errors(driver, name + " (log scale)")
    rows = driver.find_elements(By.CSS_SELECTOR, "#data-table tbody tr")
    if not rows:
        fail(f"{name}: empty data table")
    driver.save_screenshot(str(shots / "benchmark-log.png"))


def change_points(driver, site, shots):
    """The site draws the change points it is given (the history's detection fills them): give
    benchmark 0 one in the middle of its line and check the page marks it."""
    data = site / "data" / "b0.js"
    prefix = "window.BENCH_GATE_SERIES = "
    text = data.read_text(encoding="ascii")
    series = json.loads(text[len(prefix):].rstrip().rstrip(";"))
    stored = [i for i, m in enumerate(series["median"]) if m is not None]
    at = stored[len(stored) // 2]
    series["change_points"] = [at]
    data.write_text(prefix + json.dumps(series) + ";\n", encoding="ascii")
    driver.get((site / "b" / "0.html").as_uri())
    console_errors(driver, "0.html (change point)")
    marked = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#data-table tbody tr")
              if r.find_elements(By.XPATH, "td[last()][text()='yes']")]
    if len(marked) != 1:
        fail(f"0.html: {len(marked)} rows marked as change points, expected 1")
    driver.save_screenshot(str(shots / "change-point.png"))


def timing(site):
    """Median of 5 loads: navigation start to the end of the load event (site.js has run)."""
    site = pathlib.Path(site).resolve()
    driver = browser()
    try:
        times = []
        for _ in range(5):
            driver.get((site / "index.html").as_uri())
            t = driver.execute_script(
                "const n = performance.getEntriesByType('navigation')[0];"
                "return [n.loadEventEnd, document.querySelectorAll('#benchmarks tbody tr').length];")
            times.append(t[0])
        console_errors(driver, "index (timing)")
        print(json.dumps({"rows": t[1], "median_ms": statistics.median(times), "runs_ms": times}))
    finally:
        driver.quit()


if __name__ == "__main__":
    if sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == "time":
        timing(sys.argv[2])
    else:
        fail(f"unknown mode {sys.argv[1]}")
