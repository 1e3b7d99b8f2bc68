/* Hearing calendar: FullCalendar month, week and agenda views fed by /calendar/events.json.
   The filter form is the page's own GET form; with JavaScript it refetches in place.
   Times are shown in the court's zone, with the viewer's (browser) zone when it differs. */
(function () {
  "use strict";

  function text(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    node.textContent = content;
    return node;
  }

  function formatTime(date, locale, zone) {
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" };
    if (zone) options.timeZone = zone;
    try {
      return new Intl.DateTimeFormat(locale, options).format(date);
    } catch (error) {
      delete options.timeZone;
      return new Intl.DateTimeFormat(locale, options).format(date);
    }
  }

  function start() {
    var root = document.getElementById("ct-calendar");
    var form = document.getElementById("ct-calendar-filters");
    if (!root || !form || !window.FullCalendar) return;
    var data = root.dataset;
    var locale = data.locale || "en";
    var notice = document.getElementById("ct-calendar-truncated");
    var agenda = document.getElementById("ct-agenda");

    function query(info) {
      var params = new URLSearchParams(new FormData(form));
      params.set("start", info.startStr);
      params.set("end", info.endStr);
      return params;
    }

    function eventContent(arg) {
      var event = arg.event;
      var props = event.extendedProps;
      var box = document.createElement("div");
      box.className = "ct-event";
      if (props.type === "deadline") {
        box.appendChild(text("span", "ct-event-due", data.labelDue + ": "));
        if (arg.view.type.indexOf("list") === 0 && event.url) {
          var due = text("a", "ct-event-title", event.title);
          due.href = event.url;
          box.appendChild(due);
        } else {
          box.appendChild(text("span", "ct-event-title", event.title));
        }
        return { domNodes: [box] };
      }
      var court = formatTime(event.start, locale, props.timeZone);
      var mine = formatTime(event.start, locale, null);
      var when = text("div", "ct-event-time", court);
      if (mine !== court) when.appendChild(text("span", "ct-viewer-time", " (" + mine + ", " + data.labelYourTime + ")"));
      box.appendChild(when);
      var title = event.title + (props.scheduled ? "" : " · " + props.status);
      if (arg.view.type.indexOf("list") === 0 && event.url) {
        // List rows are not links themselves (month and week events are).
        var line = document.createElement("div");
        var link = text("a", "ct-event-title", title);
        link.href = event.url;
        line.appendChild(link);
        box.appendChild(line);
      } else {
        box.appendChild(text("div", "ct-event-title", title));
      }
      var details = [props.place, props.mode, props.interpreter].filter(Boolean).join(" · ");
      if (details) box.appendChild(text("div", "ct-event-details", details));
      return { domNodes: [box] };
    }

    var calendar = new window.FullCalendar.Calendar(root, {
      initialView: data.initialView || "dayGridMonth",
      initialDate: data.initialDate || undefined,
      locale: locale,
      height: "auto",
      nowIndicator: true,
      eventTimeFormat: { hour: "2-digit", minute: "2-digit", hour12: false },
      dayMaxEvents: 6,
      headerToolbar: { left: "prev,next today", center: "title", right: "dayGridMonth,timeGridWeek,listMonth" },
      views: {
        dayGridMonth: { buttonText: data.labelMonth },
        timeGridWeek: { buttonText: data.labelWeek },
        listMonth: { buttonText: data.labelAgenda },
      },
      eventContent: eventContent,
      eventDidMount: function (arg) {
        var props = arg.event.extendedProps;
        arg.el.setAttribute("data-reference", props.reference || "");
        arg.el.title = [arg.event.title, props.place, props.judge].filter(Boolean).join(" — ");
      },
      events: function (info, success, failure) {
        fetch(data.eventsUrl + "?" + query(info).toString(), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            if (!response.ok) throw new Error("HTTP " + response.status);
            return response.json();
          })
          .then(function (payload) {
            if (notice) notice.hidden = !payload.truncated;
            success(payload.events);
          })
          .catch(function (error) {
            if (notice) {
              notice.textContent = data.labelError;
              notice.hidden = false;
            }
            failure(error);
          });
      },
      loading: function (isLoading) {
        root.setAttribute("aria-busy", isLoading ? "true" : "false");
      },
    });
    calendar.render();
    if (agenda) agenda.hidden = true; // the server-rendered agenda is for browsers without JavaScript

    function refetch(event) {
      if (event) event.preventDefault();
      var params = new URLSearchParams(new FormData(form));
      window.history.replaceState(null, "", "?" + params.toString());
      calendar.refetchEvents();
    }
    form.addEventListener("change", refetch);
    form.addEventListener("submit", refetch);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
