// Package watch is the engine of "budgetlens watch": it polls the inbox,
// waits until dropped workbooks are complete, runs the pipeline over them
// together with the earlier inputs, then archives or rejects each new file.
//
// # Polling, not fsnotify
//
// The inbox is scanned with os.ReadDir and os.Stat every Options.Poll. We
// decided against file-system notifications (fsnotify): inboxes are often
// SMB or NFS shares, where inotify and friends see nothing written by other
// machines, and a poll every few seconds over a handful of files costs
// nothing. Polling also needs no module beyond the standard library.
//
// # When a file is complete
//
// A candidate file (pipeline.IsCandidate: no Office ~$ lock files, hidden or
// temp files) is pending from the moment it appears or its size or mtime
// changes. It is complete once both have been unchanged for Options.Settle.
// Bursts are batched: a run starts only when every pending file has settled,
// so a budget and three actuals copied together give one run. Right after a
// run each input is stat'ed again; one that changed during the run is left
// in the inbox and picked up again instead of being archived half-read.
//
// # The working set
//
// Reports need the budget and every month's actuals together, but inputs
// leave the inbox after a successful run. So the watcher keeps a working
// set: for each file name, the newest accepted copy. A run reads the working
// set with the batch's files taking the place of entries of the same name;
// saving a corrected actuals-2026-03.xlsx therefore replaces the earlier
// March file, while a file under a new name is added. Earlier fiscal years
// stay in the set, as they would in an inbox used with "budgetlens run".
// To withdraw an input, delete (or move away) its archived copy: missing
// entries are dropped from the set with a warning.
//
// The working set is stored in <archive>/working-set.json (name → path
// relative to the archive) and written atomically after every run. If that
// file is missing or unreadable it is rebuilt by scanning the dated archive
// folders oldest first, a name in a later folder replacing the same name in
// an earlier one. "name (2).xlsx" beside "name.xlsx" is kept as a file of
// its own: it may be a same-day correction or a different file the user
// named so, and only the first mistake is harmless (the pipeline counts
// identical copies once and reads a re-saved copy as a correction).
//
// "budgetlens run" reads the working set too (Files), so reports can be
// regenerated after a config change once the inputs were archived.
//
// # Archive and rejected layout
//
// After a successful run every new input is moved (Options.Mode "move") or
// copied ("copy") into <archive>/<YYYY-MM-DD>/, the local date of the run.
// A file that could not be read at all (not a workbook, encrypted, corrupt)
// goes to <rejected>/ instead, with NAME.error.txt beside it — NAME being
// the file's name in rejected/, e.g. "actuals-2026-10.xlsx.error.txt" —
// which explains in the configured language what is wrong; the run still
// reports everything else. Files with rows rejected but otherwise readable
// are archived: their problems are in the reports' data notes.
//
// A user's file is never deleted or overwritten. A name already taken in
// the destination gets a suffix ("name (2).xlsx"); moves use a hard link
// (which fails instead of replacing) and fall back to rename when links are
// not supported, or, across file systems, to copy, fsync and a sha256
// comparison of the copy before the original is removed. An input whose
// identical bytes are already archived (as its working-set entry, or in
// the day's folder or rejected/) is not placed again: in copy mode it is
// left in the inbox, in move mode removed from it. So a cron job running
// "watch -once" does not pile up copies.
//
// # Links, special files and read-only inboxes
//
// A symbolic link in the inbox is read as the file it points to and
// archived as a copy of that file (the link is removed in move mode, its
// target never touched): an archived link could break. Named pipes,
// sockets and links to nothing are never opened — reading a pipe blocks —
// and stay in the inbox with one warning each. On an inbox the watcher
// can read but not change (a read-only share), a move leaves a verified
// copy in archive/ or rejected/ (with its .error.txt), logs that the inbox
// is read-only, and later starts recognise the inbox file by its bytes
// rather than copying it again.
//
// # Failures and stopping
//
// A failed run (another run holds the lock, the outputs disk is full)
// leaves the batch in the inbox and is retried after a back-off. Cancelling
// the context stops the watcher between runs: a run in progress is allowed
// to finish, so its inputs are archived consistently with the reports.
package watch
