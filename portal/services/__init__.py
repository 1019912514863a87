"""Operations on the portal's data; views, admin and tasks call these."""
