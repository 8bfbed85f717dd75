// "Use this story" on a behavioral question: put a saved story into the answer box.
export function setUpStoryPicker(root) {
  for (const picker of root.querySelectorAll("[data-story-picker]")) {
    const select = picker.querySelector("[data-story-select]");
    const button = picker.querySelector("[data-use-story]");
    button?.addEventListener("click", () => {
      const story = picker.querySelector(`template[data-story="${CSS.escape(select.value)}"]`);
      const answer = document.querySelector("#answer");
      if (!story || !answer) return;
      if (answer.value.trim() && !confirm("Replace your current answer with this story?")) return;
      answer.value = story.content.textContent;
      answer.dispatchEvent(new Event("input", { bubbles: true }));
      answer.focus();
    });
  }
}
