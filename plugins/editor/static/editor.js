// The clinic's additions to Decap CMS: our file formats, previews that look like the site,
// and photos re-encoded without their metadata before they are committed.
//
// Loaded before decap-cms.js: CMS_MANUAL_INIT keeps Decap from starting until everything
// is registered, once the page has loaded.
(function () {
  "use strict";

  window.CMS_MANUAL_INIT = true;
  const options = document.currentScript.dataset;
  const names = options.keyNames.split(",").filter(Boolean);
  const listKeys = options.listKeys.split(",").filter(Boolean);
  // Site paths such as images/x.svg, relative to /admin/: what the published site serves.
  const siteRoot = new URL("../", document.baseURI);
  const PELICAN_LINK = /^(?:\{static\}|\{filename\}|%7Bstatic%7D|%7Bfilename%7D)\/?/;

  // Photos -----------------------------------------------------------------------------------

  // Drawing a photo on a canvas and encoding it again keeps its pixels only: no GPS position,
  // camera or date (the build refuses a photo with a GPS position). The orientation is
  // applied first, so the photo stays the right way up.
  const PHOTO_TYPES = /^image\/(jpeg|png|webp)$/;

  async function withoutMetadata(file) {
    if (!PHOTO_TYPES.test(file.type)) return file;
    const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    const canvas = document.createElement("canvas");
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext("2d").drawImage(bitmap, 0, 0);
    bitmap.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, file.type, 0.9));
    return new File([blob], file.name, { type: file.type, lastModified: file.lastModified });
  }

  // Decap reads a chosen file from the input's change event; this listener sees the event
  // first (capture, on the window), swaps the files for their re-encoded copies and sends
  // the event on.
  window.addEventListener(
    "change",
    async (event) => {
      const input = event.target;
      if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
      if (input.dataset.metadataRemoved === "yes" || !input.files.length) return;
      event.stopImmediatePropagation();
      const transfer = new DataTransfer();
      for (const file of await Promise.all([...input.files].map(withoutMetadata))) {
        transfer.items.add(file);
      }
      input.files = transfer.files;
      input.dataset.metadataRemoved = "yes";
      input.dispatchEvent(new Event("change", { bubbles: true }));
      delete input.dataset.metadataRemoved;
    },
    true,
  );

  // Previews ---------------------------------------------------------------------------------

  function sitePath(path) {
    return new URL(String(path).replace(PELICAN_LINK, "").replace(/^\//, ""), siteRoot).href;
  }

  // The Markdown preview leaves Pelican's {static}/ links as they are: show those images from
  // where the site serves them.
  function showImagesAtSitePaths(document) {
    for (const image of document.querySelectorAll("img")) {
      const source = image.getAttribute("src") || "";
      if (PELICAN_LINK.test(source)) image.setAttribute("src", sitePath(source));
    }
  }

  function asset(props, path) {
    if (!path) return "";
    const found = props.getAsset(path);
    const url = found && found.toString();
    return url && !url.endsWith(path) ? url : sitePath(path);
  }

  function faqSections(h, questions, level) {
    return h(
      "div",
      { className: "faq" },
      questions.map((item, index) =>
        h(
          "section",
          { className: "faq-item", key: index },
          h(level, { className: "faq-question" }, item.question),
          h("div", { className: "faq-answer" }, item.answer),
        ),
      ),
    );
  }

  function referencedQuestions(props, slugs) {
    const found = [];
    for (const slug of slugs) {
      const entry = props.fieldsMetaData && props.fieldsMetaData.getIn(["faq", "faq", slug]);
      const questions = entry && entry.get && entry.get("questions");
      if (questions) {
        for (const item of questions.toJS()) found.push({ question: item.question, answer: item.answer });
      } else {
        found.push({ question: `FAQ file: ${slug}`, answer: "" });
      }
    }
    return found;
  }

  function previews(CMS, h, createClass) {
    const Tidy = {
      componentDidMount() {
        showImagesAtSitePaths(this.props.document);
      },
      componentDidUpdate() {
        showImagesAtSitePaths(this.props.document);
      },
    };

    const ArticlePreview = createClass({
      ...Tidy,
      render() {
        const props = this.props;
        const data = props.entry.get("data");
        const get = (key) => {
          const value = data.get(key);
          return value && value.toJS ? value.toJS() : value;
        };
        const reviewer = get("reviewed_by");
        const reviewed = get("last_reviewed");
        const cover = get("cover");
        const faq = [].concat(get("faq") || []);
        return h(
          "main",
          { id: "main" },
          h(
            "article",
            { className: "article" },
            h(
              "header",
              { className: "article-header" },
              h("h1", {}, get("title") || ""),
              h(
                "div",
                { className: "byline" },
                h("p", {}, `By ${get("author") || "Clinic editorial team"} · Published ${get("date") || ""}`),
                reviewer
                  ? h(
                      "p",
                      { className: "medical-review" },
                      `Medically reviewed by ${reviewer}${reviewed ? ` on ${reviewed}` : ""}`,
                    )
                  : null,
              ),
            ),
            cover ? h("figure", { className: "cover" }, h("img", { src: asset(props, cover), alt: "" })) : null,
            get("summary") ? h("p", { className: "summary" }, get("summary")) : null,
            h("div", { className: "article-body" }, props.widgetFor("body")),
            faq.length
              ? h("section", {}, h("h2", {}, "Frequently asked questions"),
                  faqSections(h, referencedQuestions(props, faq), "h3"))
              : null,
          ),
        );
      },
    });

    const FaqPreview = createClass({
      render() {
        const data = this.props.entry.get("data");
        const questions = (data.get("questions") || { toJS: () => [] }).toJS();
        return h(
          "main",
          { id: "main" },
          h("article", { className: "article" }, h("h1", {}, data.get("title") || ""),
            faqSections(h, questions, "h2")),
        );
      },
    });

    CMS.registerPreviewStyle(options.previewStyle);
    CMS.registerPreviewTemplate("articles", ArticlePreview);
    CMS.registerPreviewTemplate("pages", ArticlePreview);
    CMS.registerPreviewTemplate("faq", FaqPreview);
  }

  window.addEventListener("DOMContentLoaded", () => {
    const CMS = window.CMS;
    const formats = window.ClinicFormats;
    const header = { names, listKeys };
    CMS.registerCustomFormat("pelican", "md", formats.pelicanFormat(header));
    CMS.registerCustomFormat("pelican-faq", "md", formats.faqFormat(header));
    CMS.registerCustomFormat("alt-text-toml", "toml", formats.altTextFormat());
    previews(CMS, window.h, window.createClass);
    CMS.init();
  });
})();
