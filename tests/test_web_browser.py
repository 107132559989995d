"""The web page in a real browser (issue 15 §5): Debian's Chromium driven by Selenium.

A uvicorn server runs the application on 127.0.0.1 (a free port) in a thread. Skipped when
chromium or chromedriver is missing (``apt-get install -y chromium chromium-driver``), except
under CI (``CI=true``), where a missing browser is a failure: CI installs both.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from risk_advisor.web import create_app

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    app = create_app(hosts=["127.0.0.1"], port=port)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, downloads: Path) -> Iterator[WebDriver]:
    if CHROMIUM is None or CHROMEDRIVER is None:
        message = "no chromium or chromedriver on PATH (apt-get install -y chromium chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + ": CI must run the browser tests")
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                     "--window-size=1200,1000", f"--user-data-dir={tmp_path_factory.mktemp('profile')}"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "intl.accept_languages": "fr-FR,fr",
    })
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _press(driver: WebDriver, *keys: str) -> None:
    """Keys typed on the keyboard, into whatever has the focus (no mouse, no element targeted)."""
    ActionChains(driver).send_keys(*keys).perform()


def _wait(driver: WebDriver, css: str, timeout: float = 30) -> WebElement:
    return WebDriverWait(driver, timeout).until(lambda d: d.find_element(By.CSS_SELECTOR, css))


def _status(driver: WebDriver) -> str:
    return str(driver.find_element(By.ID, "status").text)


def _report_text(driver: WebDriver) -> str:
    frame = driver.find_element(By.CSS_SELECTOR, "iframe.report")
    driver.switch_to.frame(frame)
    try:
        return str(driver.find_element(By.TAG_NAME, "body").text)
    finally:
        driver.switch_to.default_content()


def _answer(driver: WebDriver, trait: str, value_id_suffix: str) -> None:
    form = driver.find_element(By.XPATH, f"//form[input[@name='trait'][@value='{trait}']]")
    before = driver.find_element(By.TAG_NAME, "main")
    form.find_element(By.CSS_SELECTOR, f"input[id$='-{value_id_suffix}']").click()
    form.find_element(By.CSS_SELECTOR, "button[value=answer]").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_element(By.TAG_NAME, "main") != before)


def _start(driver: WebDriver, server: str, name: str) -> None:
    driver.get(server + "/")
    field = _wait(driver, "#new-name")
    field.send_keys(name)
    field.submit()
    _wait(driver, "#questions")


def test_a_citizen_project_without_lookout_shows_that_risk_and_its_remedy(browser: WebDriver, server: str) -> None:
    _start(browser, server, "Jardin des habitants")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    _answer(browser, "origin", "citizens")
    assert "no-technical-lookout" not in _report_text(browser)
    # the lookout, through the form of every trait: the Governance block
    browser.find_element(By.XPATH, "//details[summary[normalize-space()='Pilotage']]/summary").click()
    Select(browser.find_element(By.ID, "f-governance-technical_lookout")).select_by_value("false")
    before = browser.find_element(By.TAG_NAME, "main")
    browser.find_element(By.CSS_SELECTOR, "#edit button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda d: d.find_element(By.TAG_NAME, "main") != before)
    report = _report_text(browser)
    assert "no-technical-lookout" in report
    assert "vigie technique et réglementaire" in report  # its remedy, appoint-technical-lookout
    assert _status(browser).startswith("1 risque")


def test_keyboard_only(browser: WebDriver, server: str) -> None:
    browser.get(server + "/")
    _wait(browser, "#new-name")
    _press(browser, Keys.TAB)
    skip = browser.switch_to.active_element
    assert skip.get_attribute("class") == "skip-link" and skip.is_displayed()
    chain = []
    for _ in range(6):
        _press(browser, Keys.TAB)
        chain.append(browser.switch_to.active_element.get_attribute("id"))
        if chain[-1] == "new-name":
            break
    assert chain[-1] == "new-name"
    field = browser.switch_to.active_element
    outline = browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle", field)
    assert outline not in ("none", "")  # the focus is visible
    _press(browser, "Place du marché", Keys.ENTER)
    _wait(browser, "#questions")
    # Tab to the first question's first choice, tick it with Space, answer with Enter
    for _ in range(40):
        _press(browser, Keys.TAB)
        if (browser.switch_to.active_element.get_attribute("id") or "").startswith("q1-kinds-"):
            break
    choice = browser.switch_to.active_element
    assert choice.get_attribute("type") == "checkbox"
    _press(browser, Keys.SPACE)
    assert choice.is_selected()
    before = browser.find_element(By.TAG_NAME, "main")
    while browser.switch_to.active_element.get_attribute("value") != "answer":
        _press(browser, Keys.TAB)
    _press(browser, Keys.ENTER)
    WebDriverWait(browser, 30).until(lambda d: d.find_element(By.TAG_NAME, "main") != before)
    assert browser.find_elements(By.CSS_SELECTOR, "input[name=trait][value=kinds]") == []  # answered


def test_download_the_report(browser: WebDriver, server: str, downloads: Path) -> None:
    _start(browser, server, "Cour verte")
    _answer(browser, "origin", "citizens")
    browser.find_element(By.ID, "download-report").click()
    deadline = time.monotonic() + 30
    target = downloads / "cour-verte-report.html"
    while not target.exists():
        assert time.monotonic() < deadline, f"no download: {sorted(p.name for p in downloads.iterdir())}"
        time.sleep(0.1)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<h1 id="project-name">Cour verte</h1>' in text


def test_axe_finds_no_wcag_a_or_aa_violation(browser: WebDriver, server: str) -> None:
    _start(browser, server, "Médiathèque")
    _answer(browser, "origin", "citizens")
    for details in browser.find_elements(By.CSS_SELECTOR, "details:not([open]) > summary"):
        details.click()  # check every block of the form, not only the open one
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = _axe(browser)
    assert result["violations"] == []
    assert result["passes"] > 10
    # the checker does see a violation when there is one
    browser.execute_script("document.querySelector('main').append(document.createElement('input'))")
    assert [v[0] for v in _axe(browser)["violations"]] == ["label"]


def _axe(browser: WebDriver) -> dict[str, Any]:
    result: dict[str, Any] = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(r => done({violations: r.violations.map(v => [v.id, v.nodes.length, v.nodes[0].html]),"
        " passes: r.passes.length}), e => done({error: String(e)}));"
    )
    assert "error" not in result, result
    return result
