#!/usr/bin/env python3
"""Reads every .ics file in a folder with Python's icalendar package (a standard iCalendar
parser, independent of hubspoke) and prints what it read as JSON, for the tests.

Also checks each calendar's VERSION, PRODID, CALSCALE and METHOD, that every event has a UID,
DTSTAMP, DTSTART and DTEND in a named time zone (or, for an all-day event such as a bank holiday,
DTSTART and DTEND as dates a day apart, listed under "days"), and that the calendar's own VTIMEZONE gives
each event the same UTC offset as the tz database's Europe/London. Problems are listed in the
output's "problems"; the exit status is 0 unless a file cannot be read at all.

Usage: Tools/check-ics.py FOLDER
"""
import datetime
import glob
import json
import os
import sys

try:
    import icalendar
except ImportError:
    sys.exit("check-ics: the Python package icalendar is missing: run Tools/setup.sh --test")
from zoneinfo import ZoneInfo

UTC = datetime.timezone.utc
LONDON = ZoneInfo("Europe/London")


def utc(dt):
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def own_zone(vtimezone):
    """The time zone the VTIMEZONE itself describes, not the tz database's zone of that name."""
    try:
        return vtimezone.to_tz(lookup_tzid=False)
    except TypeError:  # icalendar before 6 always builds the zone from the component
        return vtimezone.to_tz()


def main(folder):
    files, problems = {}, []
    for path in sorted(glob.glob(os.path.join(folder, "*.ics"))):
        name = os.path.basename(path)
        with open(path, "rb") as f:
            cal = icalendar.Calendar.from_ical(f.read())
        for key, want in (("VERSION", "2.0"), ("CALSCALE", "GREGORIAN"), ("METHOD", "PUBLISH")):
            if str(cal.get(key)) != want:
                problems.append(f"{name}: {key} is {cal.get(key)!r}, expected {want}")
        if not cal.get("PRODID"):
            problems.append(f"{name}: no PRODID")
        zones = cal.walk("VTIMEZONE")
        tz = own_zone(zones[0]) if zones else None
        events, days = [], []
        for ev in cal.walk("VEVENT"):
            missing = [k for k in ("UID", "DTSTAMP", "DTSTART", "DTEND") if k not in ev]
            if missing:
                problems.append(f"{name}: event without {', '.join(missing)}")
                continue
            start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
            if not isinstance(start, datetime.datetime):
                # An all-day event (a bank holiday, a closed day): a DATE, ending the next day.
                if isinstance(end, datetime.datetime) or end - start != datetime.timedelta(days=1):
                    problems.append(f"{name}: {ev['UID']}: an all-day event from {start} to {end}")
                days.append({"uid": str(ev["UID"]), "date": start.isoformat(), "summary": str(ev.get("SUMMARY", "")),
                             "transp": str(ev.get("TRANSP", ""))})
                continue
            tzid = ev["DTSTART"].params.get("TZID", "")
            for dt in (start, end):
                if dt.tzinfo is None:
                    problems.append(f"{name}: {ev['UID']}: floating time {dt}")
                    continue
                naive = dt.replace(tzinfo=None)
                if tz is not None:
                    local = tz.localize(naive) if hasattr(tz, "localize") else naive.replace(tzinfo=tz)
                    if local.utcoffset() != naive.replace(tzinfo=LONDON).utcoffset():
                        problems.append(f"{name}: {ev['UID']}: the VTIMEZONE gives {local.utcoffset()} at {naive}, "
                                        f"the tz database {naive.replace(tzinfo=LONDON).utcoffset()}")
            events.append({
                "uid": str(ev["UID"]), "start": utc(start), "end": utc(end), "tzid": str(tzid),
                "summary": str(ev.get("SUMMARY", "")), "location": str(ev.get("LOCATION", "")),
                "sequence": int(ev.get("SEQUENCE", 0)), "stamp": utc(ev.decoded("DTSTAMP")),
            })
        files[name] = {"name": str(cal.get("X-WR-CALNAME", "")), "events": events, "days": days}
    print(json.dumps({"files": files, "problems": problems, "icalendar": icalendar.__version__}, sort_keys=True))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
