// Draws every chart on the page from the figure JSON that Django's json_script
// filter embedded: <div class="ldm-chart" data-chart="<id of the JSON script>">.
//
// No inline JavaScript (the CSP forbids it). Without JavaScript, or without
// plotly.js, nothing is drawn and the data table beside each chart stays open.
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

  function draw (element) {
    var figure = readFigure(element.getAttribute('data-chart'))
    if (!figure || !Array.isArray(figure.data)) return
    var config = Object.assign({}, figure.config || {}, DEFAULT_CONFIG)
    window.Plotly.newPlot(element, figure.data, figure.layout || {}, config).then(function () {
      element.classList.add('ldm-chart--drawn')
      // The chart is on show: tuck its data table into the closed details element.
      var figureElement = element.closest('.ldm-figure')
      var details = figureElement && figureElement.querySelector('details[data-ldm-collapse-when-drawn]')
      if (details) details.open = false
    })
  }

  function drawAll () {
    if (typeof window.Plotly === 'undefined' || typeof window.Plotly.newPlot !== 'function') return
    var charts = document.querySelectorAll('[data-chart]')
    for (var i = 0; i < charts.length; i++) {
      try {
        draw(charts[i])
      } catch (error) {
        // One bad figure must not stop the others; its table is still shown.
        if (window.console) window.console.error(error)
      }
    }
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
