/* noticeboard edit: what the clerk sees beside Decap CMS's forms.
 * - the preview pane: the case page as residents will see it and its poster, rendered
 *   by the local server from the unsaved form (POST /api/nb/preview);
 * - findings of the checker beside the field they concern, in Chinese: after a
 *   refused save (the server's 422 answer) and on demand (检查, POST /api/nb/check);
 * - 提交: commit this case's files (POST /api/nb/commit) and say what happened.
 * Every request goes to the local server; nothing to any other host. */
(function () {
  'use strict';
  var nb = window.noticeboard;
  var CMS = window.CMS;
  // Team mode (gitea backend): Decap alone; the checker runs in CI, there is no local
  // server to check, preview or commit.
  if (!nb || !CMS || !nb.local) return;
  var contentDir = document.documentElement.getAttribute('data-nb-content') || 'content';
  var SEVERITY = { error: '错误', warning: '警告' };

  // Decap's zh_Hans words, in a clerk's terms. Locally Decap's "publish" writes the file
  // on this computer (the site is built later, 提交 records it): call it 保存.
  function merge(into, from) {
    Object.keys(from).forEach(function (key) {
      if (from[key] && typeof from[key] === 'object') merge((into[key] = into[key] || {}), from[key]);
      else into[key] = from[key];
    });
    return into;
  }
  var words = {
    editor: {
      editorToolbar: {
        backCollection: '“%{collectionLabel}”的案例',
        publish: '保存',
        publishing: '正在检查并保存…',
        published: '已保存',
        publishAndCreateNew: '保存，然后新建案例',
        publishAndDuplicate: '保存，然后复制本案例',
        publishNow: '保存',
      },
      editor: {
        onPublishing: '保存这个案例吗？保存前会按协商规定检查。',
        onPublishingWithUnsavedChanges: '有还没保存的修改，请先保存',
      },
    },
    ui: {
      toast: {
        entryPublished: '已保存到本机，核对无误后点“提交”',
        onFailToPublishEntry: '没有保存：%{details}',
        onFailToPersist: '没有保存：%{details}',
        missingRequiredField: '还有必填的栏目没有填，请填好再保存',
      },
    },
  };
  if (CMS.getLocale && CMS.getLocale('zh_Hans')) {
    CMS.registerLocale('zh_Hans', merge(merge({}, CMS.getLocale('zh_Hans')), words));
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(child);
    });
    return node;
  }

  function post(url, body) {
    return window
      .fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
      })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return { error: '本机编辑器没有回答（' + response.status + '）：请看运行 noticeboard edit 的窗口' };
          })
          .then(function (json) {
            return { status: response.status, ok: response.ok, json: json };
          });
      });
  }

  // --- where the clerk is ---------------------------------------------------------------
  var state = { data: null, slug: null, collection: null, savedPath: null };

  function route() {
    var m = /^#\/collections\/([^/]+)\/(?:entries\/([^/?]+)|new)/.exec(window.location.hash);
    if (!m) return null;
    return { collection: decodeURIComponent(m[1]), slug: m[2] ? decodeURIComponent(m[2]) : null };
  }

  function casePath(where) {
    if (!where || !where.slug || where.slug === 'new') return null;
    return contentDir + '/' + where.collection + '/' + where.slug + '.md';
  }

  // --- findings beside their fields -------------------------------------------------------
  // Decap's DOM: each field is a container whose first child holds its <label for="NAME-field-N">.
  function isContainer(node) {
    var top = node && node.firstElementChild;
    return !!(top && top.querySelector(':scope > label[for*="-field-"]'));
  }
  function containerOf(label) {
    var node = label.parentElement && label.parentElement.parentElement;
    return isContainer(node) ? node : null;
  }
  function parentContainer(node) {
    var up = node.parentElement;
    while (up && !isContainer(up)) up = up.parentElement;
    return up;
  }
  // "progress.0.photos" -> the photos field of the first progress entry (or the nearest
  // field found on the way, e.g. a folded list).
  function locate(dotted) {
    if (!dotted) return null;
    var parts = String(dotted).split('.');
    var scope = null;
    var index = 0;
    for (var i = 0; i < parts.length; i++) {
      if (/^\d+$/.test(parts[i])) {
        index = parseInt(parts[i], 10);
        continue;
      }
      var within = scope || document;
      var labels = within.querySelectorAll('label[for^="' + CSS.escape(parts[i]) + '-field-"]');
      var found = [];
      labels.forEach(function (label) {
        var box = containerOf(label);
        if (box && parentContainer(box) === scope) found.push(box);
      });
      if (!found[index]) return scope;
      scope = found[index];
      index = 0;
    }
    return scope;
  }

  // The id of a field's control, for tests and for a click on a finding.
  nb.locate = locate;
  nb.fieldId = function (dotted) {
    var box = locate(dotted);
    var label = box && box.firstElementChild.querySelector(':scope > label');
    return label ? label.getAttribute('for') : null;
  };

  function findingText(f) {
    var text = (f.label ? f.label + '：' : '') + f.message;
    if (f.hint) text += '（' + f.hint + '）';
    return text;
  }

  var shown = [];
  function clearFindings() {
    document.querySelectorAll('.nb-findings').forEach(function (node) {
      node.remove();
    });
    document.querySelectorAll('.nb-has-finding').forEach(function (node) {
      node.classList.remove('nb-has-finding');
    });
    shown = [];
    renderPanel();
  }

  function placeFindings() {
    document.querySelectorAll('.nb-findings').forEach(function (node) {
      node.remove();
    });
    var byBox = new Map();
    shown.forEach(function (f) {
      f.placed = false;
      var box = locate(f.field);
      if (!box) return;
      f.placed = true;
      if (!byBox.has(box)) byBox.set(box, []);
      byBox.get(box).push(f);
    });
    byBox.forEach(function (list, box) {
      var ul = el('ul', { class: 'nb-findings', role: 'alert' });
      var own = box.firstElementChild.querySelector(':scope > label');
      list.forEach(function (f) {
        // beside its own field the label is already there; beside a block, name the field
        var name = String(f.field).split('.').pop();
        var exact = own && own.getAttribute('for').indexOf(name + '-field-') === 0;
        ul.appendChild(
          el('li', { class: 'nb-' + f.severity, 'data-code': f.code }, [
            el('strong', { text: SEVERITY[f.severity] || f.severity }),
            document.createTextNode(' ' + findingText(exact ? { message: f.message, hint: f.hint } : f)),
          ])
        );
      });
      box.classList.add('nb-has-finding');
      box.insertBefore(ul, box.children[1] || null);
    });
  }

  function showFindings(findings) {
    clearFindings();
    shown = (findings || []).slice();
    placeFindings();
    renderPanel();
    var first = document.querySelector('.nb-findings');
    if (first) first.scrollIntoView({ block: 'center' });
  }

  // Decap re-renders its form often; put the findings back when they are taken away.
  var pending = false;
  new MutationObserver(function () {
    if (!shown.length || pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      var missing = shown.some(function (f) {
        return f.field && !document.querySelector('.nb-findings [data-code="' + f.code + '"]');
      });
      if (missing) placeFindings();
    });
  }).observe(document.body, { childList: true, subtree: true });

  // --- the bar: status, 检查, 提交, and the findings not beside a field ------------------------
  var bar = el('div', { id: 'nb-bar', hidden: '' });
  var panel = el('div', { id: 'nb-panel', hidden: '' });
  var status = el('p', { id: 'nb-status', role: 'status', 'aria-live': 'polite' });
  var checkButton = el('button', { type: 'button', id: 'nb-check', text: '检查' });
  var commitButton = el('button', { type: 'button', id: 'nb-commit', text: '提交' });
  bar.appendChild(status);
  bar.appendChild(el('div', { class: 'nb-buttons' }, [checkButton, commitButton]));
  document.body.appendChild(panel);
  document.body.appendChild(bar);

  function say(text, kind) {
    status.textContent = text;
    status.className = kind ? 'nb-' + kind : '';
  }

  var panelOpen = window.matchMedia('(min-width: 700px)').matches;
  function renderPanel() {
    panel.textContent = '';
    if (!shown.length) {
      panel.hidden = true;
      return;
    }
    var errors = shown.filter(function (f) {
      return f.severity === 'error';
    }).length;
    var warnings = shown.length - errors;
    var head = [];
    if (errors) head.push('错误 ' + errors + ' 处（改正后才能保存）');
    if (warnings) head.push('警告 ' + warnings + ' 处（' + (errors ? '请核对' : '可以保存，请核对') + '）');
    // the head folds the list away (on a phone the list would cover the form)
    var toggle = el('button', {
      type: 'button',
      class: 'nb-panel-head',
      'aria-expanded': panelOpen ? 'true' : 'false',
      text: '检查结果：' + head.join('，') + (panelOpen ? ' ▾' : ' ▸'),
    });
    toggle.addEventListener('click', function () {
      panelOpen = !panelOpen;
      renderPanel();
    });
    panel.appendChild(toggle);
    var ul = el('ul', panelOpen ? {} : { hidden: '' });
    shown.forEach(function (f) {
      var item = el('li', { class: 'nb-' + f.severity }, [
        el('strong', { text: SEVERITY[f.severity] || f.severity }),
        document.createTextNode(' ' + findingText(f)),
      ]);
      item.addEventListener('click', function () {
        var box = locate(f.field);
        if (box) box.scrollIntoView({ block: 'center' });
      });
      ul.appendChild(item);
    });
    panel.appendChild(ul);
    panel.hidden = false;
  }

  function onRoute() {
    var where = route();
    bar.hidden = !where;
    if (!where || where.collection !== state.collection || where.slug !== state.slug) {
      clearFindings();
      say('');
    }
    if (where) {
      state.collection = where.collection;
      state.slug = where.slug;
      commitButton.disabled = !casePath(where);
      if (!casePath(where)) say('新案例：填好后先点上方的“保存”，案例编号自动生成');
    }
  }
  window.addEventListener('hashchange', onRoute);
  onRoute();

  checkButton.addEventListener('click', function () {
    var where = route();
    if (!where || !state.data) {
      say('请先打开右侧的预览（眼睛图标），再点检查', 'warning');
      return;
    }
    say('正在检查……');
    post('/api/nb/check', { collection: where.collection, slug: where.slug || '', data: state.data }).then(
      function (answer) {
        if (!answer.ok) return say(answer.json.error || '检查没有完成', 'error');
        showFindings(answer.json.findings);
        if (!answer.json.findings.length) say('检查通过，没有发现问题', 'ok');
        else say('检查完成，见各栏下的红字、黄字', 'warning');
      }
    );
  });

  commitButton.addEventListener('click', function () {
    var path = state.savedPath || casePath(route());
    if (!path) return say('先保存，再提交', 'warning');
    commitButton.disabled = true;
    say('正在提交……');
    post('/api/nb/commit', { path: path }).then(function (answer) {
      commitButton.disabled = false;
      var json = answer.json || {};
      if (!answer.ok) {
        if (json.findings) showFindings(json.findings);
        return say('没有提交：' + (json.error || '提交失败'), 'error');
      }
      var text = '已提交（' + String(json.commit || '').slice(0, 7) + '）：' + (json.message || '');
      if (json.pushed) text += '；已推送';
      else if (json.push_error) text += '；没有推送：' + json.push_error;
      say(text, json.push_error ? 'warning' : 'ok');
    });
  });

  // --- photos and files checked when chosen, not at save -------------------------------------
  // A HEIC photo or a Word file is refused at once, with what to do (the server says it as
  // `check` would); a file the server accepts goes on to Decap as if nothing happened.
  function readBase64(file) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () {
        resolve(String(reader.result).split(',')[1] || '');
      };
      reader.onerror = reject;
      reader.readAsDataURL(file);
    });
  }
  function checkUploads(files) {
    var where = route() || {};
    var folder = contentDir + '/' + where.collection + '/' + (where.slug || 'new') + '/';
    return Promise.all(
      files.map(function (file) {
        return readBase64(file).then(function (content) {
          return post('/api/nb/media', { path: folder + file.name, content: content });
        });
      })
    ).then(function (answers) {
      var refused = answers.filter(function (answer) {
        return answer.status === 422;
      });
      if (!refused.length) return false;
      var findings = [];
      refused.forEach(function (answer) {
        findings = findings.concat(answer.json.findings || []);
      });
      // said at once, in the bar above Decap's media window: what it is, what to do
      panelOpen = true;
      showFindings(findings);
      var first = findings[0];
      say(
        (refused[0].json.error || '这个文件不能上传') + (first ? ' ' + findingText({ message: first.message, hint: first.hint }) : ''),
        'error'
      );
      return true;
    });
  }
  document.addEventListener(
    'change',
    function (event) {
      var input = event.target;
      if (!nb.local || !input || input.type !== 'file' || input.nbChecked) return;
      var files = Array.prototype.slice.call(input.files || []);
      if (!files.length) return;
      event.stopImmediatePropagation();
      say('正在检查上传的文件……');
      checkUploads(files)
        .catch(function () {
          return false; // the server's own check at save still applies
        })
        .then(function (refused) {
          if (refused) {
            input.value = '';
            return;
          }
          say('');
          input.nbChecked = true;
          input.dispatchEvent(new Event('change', { bubbles: true }));
          input.nbChecked = false;
        });
    },
    true
  );

  // --- the server's answers to Decap's saves -------------------------------------------------
  nb.listeners.push(function (request, statusCode, json, started) {
    var where = route();
    if (statusCode === 422 || (json && json.findings && json.findings.length)) {
      showFindings((json && json.findings) || []);
      nb.timings.push(window.performance.now() - started);
      if (statusCode === 422) {
        say((json && json.error) || '没有保存：有错误，见各栏下的红字', 'error');
        return;
      }
    }
    if (request.action !== 'persistEntry' || statusCode >= 300) return;
    if (json && json.path) state.savedPath = json.path;
    if (!(json && json.findings && json.findings.length)) clearFindings();
    say('已保存' + (json && json.path ? '：' + json.path : '') + '。核对无误后点“提交”', 'ok');
    var sentSlug = request.params && request.params.entry && request.params.entry.slug;
    if (where && json && json.slug && json.slug !== sentSlug) {
      // A new case got its ledger number from the server. Decap goes on to open it
      // under the name it chose (entries/new): once it has, open the real one instead.
      var target =
        '#/collections/' + encodeURIComponent(where.collection) + '/entries/' + encodeURIComponent(json.slug);
      var waited = 0;
      var timer = window.setInterval(function () {
        waited += 100;
        var decapMoved = /\/entries\/[^/]+$/.test(window.location.hash) && window.location.hash !== target;
        if (decapMoved || waited >= 3000) {
          // through the list: Decap loads an entry when its editor opens, not when the
          // name in the address changes under an open editor
          window.clearInterval(timer);
          var page = window.location.pathname + window.location.search;
          window.location.replace(page + '#/collections/' + encodeURIComponent(where.collection));
          window.setTimeout(function () {
            window.location.replace(page + target);
          }, 400);
        }
      }, 100);
    }
  });

  // --- the preview pane: the case page and the poster as the server renders them ------------
  var h = window.h;
  var createClass = window.createClass;
  var Preview = createClass({
    getInitialState: function () {
      return { html: null, poster: null, note: '正在生成预览……' };
    },
    componentDidMount: function () {
      this.schedule();
    },
    componentDidUpdate: function () {
      this.schedule();
    },
    componentWillUnmount: function () {
      this.gone = true;
      window.clearTimeout(this.timer);
    },
    schedule: function () {
      // Decap renders the preview far more often than the form changes: ask the server
      // again only when what was typed changed.
      var self = this;
      var data = this.props.entry.get('data');
      var typed = data && data.toJS ? data.toJS() : {};
      var key = JSON.stringify(typed);
      if (key === this.typed) return;
      this.typed = key;
      state.data = typed;
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(function () {
        self.refresh();
      }, 800);
    },
    refresh: function () {
      var self = this;
      var where = route() || {};
      post('/api/nb/preview', {
        collection: where.collection || this.props.collection.get('name'),
        slug: where.slug || '',
        data: state.data,
      }).then(function (answer) {
        if (self.gone) return;
        var json = answer.json || {};
        if (!answer.ok) return self.setState({ note: json.error || '预览没有生成' });
        var errors = (json.findings || []).filter(function (f) {
          return f.severity === 'error';
        }).length;
        var stamp = '?t=' + Date.now();
        self.setState({
          html: json.html_url + stamp,
          poster: json.poster_url + stamp,
          note: errors ? '预览：有 ' + errors + ' 处错误，保存时会指出' : '预览：居民扫码后看到的页面',
        });
      });
    },
    render: function () {
      return h(
        'div',
        { className: 'nb-preview' },
        h('p', { className: 'nb-preview-note' }, this.state.note),
        this.state.html
          ? h('iframe', { src: this.state.html, title: '案例页面预览', className: 'nb-page' })
          : null,
        h('h2', null, '海报'),
        this.state.poster
          ? h('img', { src: this.state.poster, alt: '海报预览', className: 'nb-poster' })
          : null
      );
    },
  });

  // one preview template per community collection (the page lists their names)
  (document.documentElement.getAttribute('data-nb-collections') || '')
    .split(' ')
    .filter(Boolean)
    .forEach(function (name) {
      CMS.registerPreviewTemplate(name, Preview);
    });
  CMS.registerPreviewStyle('static/noticeboard-preview.css');
})();
