// Warns before the idle sign-out (WCAG 2.2.1 Timing adjustable) and lets the
// person stay signed in. Without JavaScript the server still ends idle sessions,
// and every answer is saved per page, so nothing is lost either way.
const dialog = document.getElementById('session-timeout-dialog')

if (dialog && typeof dialog.showModal === 'function') {
  // Seconds the server will wait, as it counts them: from the page, then from each keep-alive.
  let idleSeconds = Number(dialog.dataset.idleTimeout)
  const warnSeconds = Number(dialog.dataset.warningBefore)
  const countdown = dialog.querySelector('.ldm-timeout-dialog__countdown')
  const stayButton = dialog.querySelector('[data-action="stay-signed-in"]')
  const csrfToken = dialog.querySelector('input[name="csrfmiddlewaretoken"]').value
  let warnTimer
  let signOutTimer
  let tickTimer

  const describe = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60)
      return `${minutes} minute${minutes === 1 ? '' : 's'}`
    }
    return `${seconds} second${seconds === 1 ? '' : 's'}`
  }

  const schedule = () => {
    clearTimeout(warnTimer)
    clearTimeout(signOutTimer)
    clearInterval(tickTimer)
    warnTimer = setTimeout(warn, Math.max(idleSeconds - warnSeconds, 1) * 1000)
    signOutTimer = setTimeout(() => {
      window.location.href = dialog.dataset.signedOutUrl
    }, idleSeconds * 1000)
  }

  const warn = () => {
    let remaining = warnSeconds
    countdown.textContent = describe(remaining)
    dialog.showModal()
    stayButton.focus()
    tickTimer = setInterval(() => {
      remaining -= 1
      // Announce only at whole minutes and the last 20 seconds, so screen readers are not flooded.
      if (remaining % 60 === 0 || remaining <= 20) {
        countdown.textContent = describe(Math.max(remaining, 0))
      }
    }, 1000)
  }

  stayButton.addEventListener('click', async () => {
    const response = await fetch(dialog.dataset.keepAliveUrl, {
      method: 'POST',
      headers: { 'X-CSRFToken': csrfToken },
      credentials: 'same-origin'
    })
    if (response.ok) {
      const answer = await response.json()
      idleSeconds = Number(answer.idle_timeout) || idleSeconds
      dialog.close()
      schedule()
    } else {
      window.location.href = dialog.dataset.signedOutUrl
    }
  })

  dialog.addEventListener('cancel', (event) => {
    // Escape means "I'm still here", as the button does.
    event.preventDefault()
    stayButton.click()
  })

  schedule()
}
