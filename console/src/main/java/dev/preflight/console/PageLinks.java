package dev.preflight.console;

import io.quarkus.qute.TemplateData;

/**
 * Links to the page before and after one of a paged list ({@code /models}, {@code /fleet}), the
 * search kept in the query string.
 *
 * @param page the shown page, from 0
 */
@TemplateData
public record PageLinks(String path, String search, int page, int pages) {

  public boolean hasPrevious() {
    return page > 0;
  }

  public boolean hasNext() {
    return page + 1 < pages;
  }

  /** The page as people count, from 1. */
  public int shown() {
    return page + 1;
  }

  public String previous() {
    return link(page - 1);
  }

  public String next() {
    return link(page + 1);
  }

  private String link(int to) {
    return path + "?page=" + to + (search.isEmpty() ? "" : "&q=" + Json2.query(search));
  }
}
