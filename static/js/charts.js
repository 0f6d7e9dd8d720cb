// Draws every chart on the page from the figure JSON that Django's json_script
// filter embedded: <div class="ldm-chart" data-chart="<id of the JSON script>">.
//
// No inline JavaScript (the CSP forbids it). Without JavaScript, or without
// plotly.js, nothing is drawn and the data table beside each chart stays open.
//
// A chart with data-min-width="<CSS pixels>" (e.g. the heat map) is drawn only
// where its figure is at least that wide; on a narrower screen it stays hidden,
// its table stays open and the note #<chart id>-narrow says why. Turning a phone
// or widening the window draws it (or puts the table back) as the width allows.
(function () {
  'use strict'

  var DEFAULT_CONFIG = { displayModeBar: false, responsive: true, displaylogo: false }

  function readFigure (id) {
    var script = id && document.getElementById(id)
    if (!script || script.type !== 'application/json') return null
    try {
      return JSON.parse(script.textContent)
    } catch (error) {
      return null
    }
  }

  function tableDetails (element) {
    var figureElement = element.closest('.ldm-figure')
    return figureElement && figureElement.querySelector('details[data-ldm-collapse-when-drawn]')
  }

  function draw (element) {
    var figure = readFigure(element.getAttribute('data-chart'))
    if (!figure || !Array.isArray(figure.data)) return
    var config = Object.assign({}, figure.config || {}, DEFAULT_CONFIG)
    window.Plotly.newPlot(element, figure.data, figure.layout || {}, config).then(function () {
      element.classList.add('ldm-chart--drawn')
      // The chart is on show: tuck its data table into the closed details element.
      var details = tableDetails(element)
      if (details) details.open = false
    })
  }

  function minWidth (element) {
    return parseInt(element.getAttribute('data-min-width') || '0', 10) || 0
  }

  function roomFor (element) {
    // The figure's width: the chart itself has none while it is hidden.
    var parent = element.parentNode
    return !minWidth(element) || (parent && parent.clientWidth >= minWidth(element))
  }

  function showNarrowNote (element, show) {
    var note = document.getElementById(element.id + '-narrow')
    if (note) note.hidden = !show
  }

  // Draw the chart if it fits, else hide it and leave its table open.
  function fit (element) {
    var drawn = element.classList.contains('ldm-chart--drawn')
    if (roomFor(element)) {
      element.hidden = false
      showNarrowNote(element, false)
      if (!drawn) draw(element)
      return
    }
    if (drawn) {
      window.Plotly.purge(element)
      element.classList.remove('ldm-chart--drawn')
    }
    element.hidden = true
    showNarrowNote(element, true)
    var details = tableDetails(element)
    if (details) details.open = true
  }

  function each (callback) {
    var charts = document.querySelectorAll('[data-chart]')
    for (var i = 0; i < charts.length; i++) {
      try {
        callback(charts[i])
      } catch (error) {
        // One bad figure must not stop the others; its table is still shown.
        if (window.console) window.console.error(error)
      }
    }
  }

  function drawAll () {
    if (typeof window.Plotly === 'undefined' || typeof window.Plotly.newPlot !== 'function') return
    each(fit)
    var resizing = null
    window.addEventListener('resize', function () {
      window.clearTimeout(resizing)
      resizing = window.setTimeout(function () {
        each(function (element) {
          if (minWidth(element)) fit(element)
        })
      }, 150)
    })
  }

  // Print the data tables too, then put the page back as it was.
  var openedForPrint = []
  window.addEventListener('beforeprint', function () {
    var closed = document.querySelectorAll('.ldm-figure details:not([open])')
    for (var i = 0; i < closed.length; i++) {
      closed[i].open = true
      openedForPrint.push(closed[i])
    }
  })
  window.addEventListener('afterprint', function () {
    while (openedForPrint.length) openedForPrint.pop().open = false
  })

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', drawAll)
  } else {
    drawAll()
  }
})()
